/* MySay web chat page. No third-party code; text is only ever set with textContent (never innerHTML). */
(function () {
  "use strict";

  var SESSION_KEY = "mysay.webchat.session";
  var ESCAPE_TWICE_MS = 1500;

  var body = document.body;
  var lang = body.getAttribute("data-lang") || "en";
  var quickExitUrl = body.getAttribute("data-quick-exit");
  var strings = JSON.parse(document.getElementById("webchat-strings").textContent);

  var startSection = document.getElementById("start");
  var startForm = document.getElementById("start-form");
  var codeInput = document.getElementById("code");
  var startButton = document.getElementById("start-button");
  var startError = document.getElementById("start-error");
  var chatSection = document.getElementById("chat");
  var log = document.getElementById("log");
  var statusLine = document.getElementById("status");
  var composer = document.getElementById("composer");
  var messageInput = document.getElementById("message");
  var busy = false;
  var events = 0;

  /* ---- quick exit: leave at once, leave nothing behind in this tab ---- */
  function quickExit() {
    try { sessionStorage.clear(); } catch (e) { /* storage may be blocked; leave anyway */ }
    document.title = "";
    document.getElementById("main").textContent = "";
    // replace(), not assign(): the Back button must not bring the chat back
    window.location.replace(quickExitUrl);
  }
  document.getElementById("quick-exit").addEventListener("click", quickExit);
  // Esc twice within 1.5 s also leaves (one Esc alone is too easy to press by accident).
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < ESCAPE_TWICE_MS) { quickExit(); }
    lastEscape = now;
  });

  /* ---- session token: this tab only ---- */
  function savedSession() {
    try { return sessionStorage.getItem(SESSION_KEY); } catch (e) { return null; }
  }
  function saveSession(token) {
    try { sessionStorage.setItem(SESSION_KEY, token); } catch (e) { /* works without, until reload */ }
  }
  function forgetSession() {
    try { sessionStorage.removeItem(SESSION_KEY); } catch (e) { /* nothing to forget */ }
  }

  /* ---- talking to the connector ---- */
  function post(path, payload) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function setBusy(value) {
    busy = value;
    body.setAttribute("data-state", value ? "busy" : "ready");
    statusLine.textContent = value ? strings.typing : "";
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function scrollToEnd(element) {
    element.scrollIntoView({ block: "end", behavior: reducedMotion() ? "auto" : "smooth" });
  }

  // A counter other tools (and tests) can watch: each reply or notice shown bumps it.
  function markEvent(kind) {
    events += 1;
    body.setAttribute("data-events", String(events));
    body.setAttribute("data-last-event", kind);
  }

  /* ---- the conversation ---- */
  function addBubble(who, text) {
    var item = document.createElement("div");
    item.className = "msg " + who;
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = who === "child" ? strings.you_said + " " : strings.bot_said + " ";
    var words = document.createElement("p");
    words.textContent = text;
    item.appendChild(label);
    item.appendChild(words);
    log.appendChild(item);
    scrollToEnd(item);
    return item;
  }

  function clearChoices() {
    var groups = log.querySelectorAll(".choices");
    for (var i = 0; i < groups.length; i++) { groups[i].parentNode.removeChild(groups[i]); }
  }

  function addChoices(buttons) {
    var group = document.createElement("div");
    group.className = "choices";
    buttons.forEach(function (button) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "choice";
      element.textContent = button.title;
      element.addEventListener("click", function () {
        if (busy) { return; }
        send(button.payload, button.title, false);
      });
      group.appendChild(element);
    });
    log.appendChild(group);
    scrollToEnd(group);
    return group;
  }

  function addNotice(text, withRestart) {
    var item = addBubble("notice", text);
    if (withRestart) {
      var again = document.createElement("button");
      again.type = "button";
      again.className = "choice";
      again.textContent = strings.restart_button;
      again.addEventListener("click", restart);
      item.appendChild(again);
      again.focus();
    }
    markEvent("notice");
    return item;
  }

  function showReplies(messages) {
    clearChoices();
    var firstChoice = null;
    (messages || []).forEach(function (message) {
      if (message.text) { addBubble("bot", message.text); }
      if (message.buttons && message.buttons.length) {
        var group = addChoices(message.buttons);
        firstChoice = firstChoice || group.querySelector("button");
      }
    });
    scrollToEnd(composer);
    markEvent("reply");
    // Focus goes where the child is most likely to act next: the first choice, or the text box.
    (firstChoice || messageInput).focus({ preventScroll: true });
  }

  function showChat() {
    startSection.hidden = true;
    chatSection.hidden = false;
  }

  function restart() {
    forgetSession();
    log.textContent = "";
    chatSection.hidden = true;
    startSection.hidden = false;
    startError.hidden = true;
    body.setAttribute("data-state", "start");
    codeInput.focus();
  }

  function send(text, shownText, fromBox) {
    var token = savedSession();
    if (busy) { return; }
    if (!token) { addNotice(strings.error_session_invalid, true); return; }
    setBusy(true);
    var pending = addBubble("child", shownText);
    post("message", { session: token, text: text, language: lang }).then(function (result) {
      setBusy(false);
      if (result.status === 200) {
        if (fromBox) { messageInput.value = ""; }
        showReplies(result.data.messages);
        return;
      }
      // Not accepted: take the bubble away again; typed words stay in the box so nothing is lost.
      pending.parentNode.removeChild(pending);
      addNotice(result.data.message || strings.error_server, result.status === 401);
      if (result.status === 401) { forgetSession(); } else if (fromBox) { messageInput.focus(); }
    }, function () {
      setBusy(false);
      pending.parentNode.removeChild(pending);
      addNotice(strings.error_network, false);
      if (fromBox) { messageInput.focus(); }
    });
  }

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) { return; }
    send(messageInput.value, messageInput.value, true);
  });

  messageInput.addEventListener("keydown", function (event) {
    // Enter sends; Shift+Enter makes a new line; never interrupt someone composing with an IME.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (typeof composer.requestSubmit === "function") { composer.requestSubmit(); }
      else { composer.dispatchEvent(new Event("submit", { cancelable: true })); }
    }
  });

  startForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) { return; }
    var code = codeInput.value.trim();
    var payload = body.getAttribute("data-lang-chosen") === "true" ? { language: lang } : {};
    if (code) { payload.enrolment_code = code; }
    startError.hidden = true;
    startButton.disabled = true;
    startButton.setAttribute("aria-busy", "true");
    busy = true;
    post("session", payload).then(function (result) {
      busy = false;
      startButton.disabled = false;
      startButton.removeAttribute("aria-busy");
      if (result.status === 200 && result.data.session) {
        saveSession(result.data.session);
        showChat();
        body.setAttribute("data-state", "ready");
        showReplies(result.data.messages);
        return;
      }
      startError.textContent = result.data.message || strings.error_server;
      startError.hidden = false;
      codeInput.focus();
      markEvent("notice");
    }, function () {
      busy = false;
      startButton.disabled = false;
      startButton.removeAttribute("aria-busy");
      startError.textContent = strings.error_network;
      startError.hidden = false;
      codeInput.focus();
      markEvent("notice");
    });
  });

  /* ---- messages sent while the page waits (a worker's reply) are collected every 20 seconds ---- */
  window.setInterval(function () {
    var token = savedSession();
    if (busy || !token || chatSection.hidden) { return; }
    post("poll", { session: token }).then(function (result) {
      if (result.status === 200 && result.data.messages && result.data.messages.length && !busy) {
        showReplies(result.data.messages);
      }
    }, function () { /* offline: try again at the next tick */ });
  }, 20000);

  /* ---- on load: carry on in this tab if a session is already open ---- */
  if (savedSession()) {
    showChat();
    body.setAttribute("data-state", "ready");
    addBubble("bot", strings.welcome_back);
    messageInput.focus();
  } else {
    body.setAttribute("data-state", "start");
  }
  body.setAttribute("data-script", "loaded");
}());
