"""factory_boy factories shared by every app's tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from ims.accounts.models import Role, User
from ims.interviews.models import Feedback, Interview, InterviewStatus, RoundType
from ims.jobs.models import Application, ApplicationStatus, Job
from ims.notifications.models import Notification

PASSWORD = "correct horse battery staple 42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.CANDIDATE
    timezone = "UTC"
    is_active = True

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class AdminFactory(UserFactory):
    email = factory.Sequence(lambda n: f"admin{n}@example.com")
    role = Role.ADMIN


class InterviewerFactory(UserFactory):
    email = factory.Sequence(lambda n: f"interviewer{n}@example.com")
    role = Role.INTERVIEWER


class CandidateFactory(UserFactory):
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    role = Role.CANDIDATE


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    title = factory.Sequence(lambda n: f"Software Engineer {n}")
    description = "Build and run the hiring platform."
    department = "Engineering"
    location = "Remote"
    openings = 1
    is_open = True
    created_by = factory.SubFactory(AdminFactory)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    job = factory.SubFactory(JobFactory)
    candidate = factory.SubFactory(CandidateFactory)
    status = ApplicationStatus.APPLIED
    cover_letter = "I would love to work with you."


class RoundTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundType

    name = factory.Sequence(lambda n: f"Technical {n}")
    description = "A technical conversation."
    default_duration = 60
    criteria = factory.LazyFunction(lambda: ["Problem solving", "Communication"])
    is_active = True


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.INTERVIEWING)
    candidate = factory.LazyAttribute(lambda o: o.application.candidate)
    round_type = factory.SubFactory(RoundTypeFactory)
    interviewer = factory.SubFactory(InterviewerFactory)
    scheduled_at = factory.Sequence(lambda n: timezone.now() + timedelta(days=2, hours=2 * n))
    duration = 60
    ends_at = factory.LazyAttribute(lambda o: o.scheduled_at + timedelta(minutes=o.duration))
    location = "Room 1"
    status = InterviewStatus.SCHEDULED


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    interview = factory.SubFactory(InterviewFactory, status=InterviewStatus.COMPLETED)
    interviewer = factory.LazyAttribute(lambda o: o.interview.interviewer)
    rating = 4
    comments = "Solid problem solving."
    criteria_scores = factory.LazyFunction(dict)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(CandidateFactory)
    kind = "application_received"
    subject = "We received your application"
    body_text = "Thanks for applying."
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
