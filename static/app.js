// Progressive enhancement only: every page works without this file.
(function () {
  var input = document.querySelector("input[data-autocomplete]");
  if (!input) return;
  var list = document.createElement("ul");
  list.className = "suggest";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.parentNode.appendChild(list);
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var term = input.value.trim();
    if (term.length < 2) { list.hidden = true; return; }
    timer = setTimeout(function () {
      fetch("/api/v1/search?q=" + encodeURIComponent(term) + "&limit=8")
        .then(function (response) { return response.json(); })
        .then(function (body) {
          list.textContent = "";
          (body.results || []).forEach(function (result) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = result.url;
            link.textContent = result.name + " (" + result.kind + ")";
            item.appendChild(link);
            list.appendChild(item);
          });
          list.hidden = !list.children.length;
        })
        .catch(function () { list.hidden = true; });
    }, 150);
  });
})();

// Copy buttons (EFT, ship DNA): shown only where the clipboard can be written.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 1500);
      });
    });
  });
})();
