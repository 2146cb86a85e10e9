// The pipeline board: after a card moves in place (htmx), keyboard focus follows the card to its new column
// instead of falling back to the top of the page. No inline script: the CSP allows only files like this one.
document.addEventListener("htmx:afterSettle", function (event) {
  var board = document.getElementById("board");
  if (!board || !board.contains(event.detail.elt)) return;
  var marker = board.querySelector("[data-focus]");
  var target = marker && document.getElementById(marker.getAttribute("data-focus"));
  if (target) {
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
});
