// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the result summary after a check so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var result = document.getElementById("result");
    if (result && result.dataset.focus === "1") {
      result.focus();
    }
  });
})();
