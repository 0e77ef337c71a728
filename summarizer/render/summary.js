"use strict";
(function () {
  function show(selector) {
    var nodes = document.querySelectorAll(selector);
    if (!nodes.length) { return; }
    nodes[0].scrollIntoView({ block: "center" });
    nodes.forEach(function (node) {
      node.classList.remove("flash");
      void node.offsetWidth; // restart the animation
      node.classList.add("flash");
    });
  }
  function bind(items, selectorFor) {
    items.forEach(function (item) {
      var go = function () { show(selectorFor(item)); };
      item.addEventListener("click", go);
      item.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); go(); }
      });
    });
  }
  bind(document.querySelectorAll("#summary [data-proposal]"), function (item) {
    return '#article [data-proposals~="' + item.dataset.proposal + '"]';
  });
  bind(document.querySelectorAll("#summary [data-initiative]"), function (item) {
    return '#article [data-initiatives~="' + item.dataset.initiative + '"]';
  });
})();
