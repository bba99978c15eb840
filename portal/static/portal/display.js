// The waiting room's queue display: polls the queue every few seconds and, when a new
// number is called, shows it large and plays the call spoken by espeak-ng on the server.
// Browsers play sound only after a first press, so the TV's operator presses "sound on"
// once (keyboard: Tab, Enter). A static file: a strict Content-Security-Policy allows it.
"use strict";
(function () {
  const root = document.getElementById("display");
  if (!root || !window.fetch) return;
  const poll = Number(root.dataset.poll) || 2000;
  const sound = document.getElementById("display-sound");
  let soundOn = false;
  let lastCall = null;
  let first = true;

  sound.addEventListener("click", () => {
    soundOn = !soundOn;
    sound.setAttribute("aria-pressed", String(soundOn));
    if (soundOn) new Audio().play().catch(() => {}); // unlock audio with this gesture
  });

  function item(number) {
    const li = document.createElement("li");
    li.textContent = number.label + (number.priority ? " P" : "");
    if (number.priority) li.className = "priority";
    li.dataset.label = number.label;
    return li;
  }

  function speak(calling) {
    root.dataset.called = calling.label;
    if (!soundOn) return;
    const audio = new Audio(calling.audio);
    audio.addEventListener("playing", () => { root.dataset.spoken = calling.label; });
    audio.play().catch(() => { root.dataset.soundError = calling.label; });
  }

  function render(data) {
    document.getElementById("display-clock").textContent = data.time;
    const number = document.getElementById("calling-number");
    const calling = data.calling;
    number.textContent = calling ? calling.label : "—";
    document.getElementById("calling-priority").hidden = !(calling && calling.priority);
    const key = calling ? calling.label + "@" + calling.called_at : null;
    if (key && key !== lastCall) {
      if (!first) {
        number.classList.remove("flash");
        void number.offsetWidth; // restart the animation
        number.classList.add("flash");
        speak(calling);
      }
      lastCall = key;
    }
    first = false;
    document.getElementById("serving-list").replaceChildren(...data.serving.map(item));
    document.getElementById("waiting-list").replaceChildren(...data.waiting.map(item));
    document.getElementById("waiting-count").textContent = String(data.waiting_count);
    root.dataset.state = "live";
  }

  async function refresh() {
    try {
      const response = await fetch(root.dataset.url, { headers: { Accept: "application/json" } });
      if (response.ok) render(await response.json());
      else root.dataset.state = "stale";
    } catch (error) {
      root.dataset.state = "stale";
    } finally {
      window.setTimeout(refresh, poll);
    }
  }
  document.addEventListener("DOMContentLoaded", refresh);
})();
