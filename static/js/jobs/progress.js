// The job page: asks for the job's state every second and moves the bar, until the job ends;
// then shows its result in place. No reload: the organiser may read the page meanwhile.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.ended === "true") { return; }
  var bar = document.getElementById("job-bar");
  var text = document.getElementById("job-text");
  var result = document.getElementById("job-result");
  var delay = 1000;

  function show(state) {
    if (state.percent === null || state.percent === undefined) {
      bar.removeAttribute("value");  // indeterminate: the size of the work is not known yet
    } else {
      bar.value = state.percent;
      bar.textContent = state.percent + " %";
    }
    text.textContent = state.text.trim();
    if (state.result !== null && state.result !== undefined) {
      result.innerHTML = state.result;  // rendered and escaped by the server's template
      box.dataset.ended = "true";
      return true;
    }
    return false;
  }

  function poll() {
    fetch(box.dataset.stateUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        delay = 1000;
        if (!show(state)) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);  // the network dropped: try again, less often
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
