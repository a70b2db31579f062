/* Nurture's website script: page views, time on page, video progress, consent and embedded forms.
   No third-party code; the visitor id is a first-party cookie of the site. */
(function (w, d) {
  "use strict";
  var config = /*CONFIG*/ { requireConsent: false, honourDoNotTrack: false, visitorCookieDays: 395 };
  var script = d.currentScript;
  if (!script || w.__nurture) return;
  w.__nurture = true;
  var src = new URL(script.src);
  var base = src.origin;
  var site = script.getAttribute("data-site") || src.searchParams.get("site");
  var VISITOR = "_nurture_vid", CONSENT = "_nurture_consent", DAY = 86400;
  var meta = d.querySelector('meta[name="nurture-asset"]');
  var pageAsset = meta ? meta.getAttribute("content") : null;

  function readCookie(name) {
    var parts = d.cookie ? d.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf("=");
      if (parts[i].slice(0, at) === name) return decodeURIComponent(parts[i].slice(at + 1));
    }
    return null;
  }
  function writeCookie(name, value, seconds) {
    d.cookie = name + "=" + encodeURIComponent(value) + "; Max-Age=" + seconds + "; Path=/; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
  }
  function doNotTrack() {
    return config.honourDoNotTrack && (navigator.doNotTrack === "1" || w.doNotTrack === "1" || navigator.globalPrivacyControl === true);
  }
  function allowed() { return !doNotTrack() && (!config.requireConsent || readCookie(CONSENT) === "1"); }
  function newId() {
    if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  // No cookie is read or set before it is allowed.
  function visitor() {
    if (!allowed()) return null;
    var id = readCookie(VISITOR);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id || "")) id = newId();
    writeCookie(VISITOR, id, config.visitorCookieDays * DAY);
    return id;
  }

  // The identity a tracked email click carried: taken off the address at once, sent with the first hit allowed.
  var identity = (function () {
    var url = new URL(location.href), token = url.searchParams.get("nurture_t");
    if (token) {
      url.searchParams.delete("nurture_t");
      history.replaceState(history.state, "", url.toString());
    }
    return token;
  })();

  function send(type, extra) {
    var id = visitor();
    if (!id) return;
    var body = { site: site, visitor: id, type: type, url: location.href, title: d.title, referrer: d.referrer || null,
      consent: readCookie(CONSENT) === "1" };
    if (identity) { body.identity = identity; identity = null; }
    for (var k in extra) if (extra[k] != null) body[k] = extra[k];
    // text/plain: a simple request, no preflight; the server checks the Origin against the site's.
    fetch(base + "/w/hit", { method: "POST", mode: "cors", credentials: "omit", keepalive: true,
      headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) }).catch(function () {});
  }

  var pageSent = false;
  function pageView() {
    if (pageSent || !allowed()) return;
    pageSent = true;
    send("page_view", { asset: pageAsset });
  }

  // Time on page: the seconds the page was visible, once, when the visitor leaves it.
  var visibleSince = d.visibilityState === "visible" ? Date.now() : null, visibleMs = 0, engagedSent = false;
  function leave() {
    if (visibleSince) { visibleMs += Date.now() - visibleSince; visibleSince = null; }
    var seconds = Math.round(visibleMs / 1000);
    if (engagedSent || seconds < 5) return;
    engagedSent = true;
    send("page_engaged", { seconds: seconds, asset: pageAsset });
  }
  d.addEventListener("visibilitychange", function () {
    if (d.visibilityState === "visible") visibleSince = Date.now(); else leave();
  });
  w.addEventListener("pagehide", leave);

  function watch(video, asset) {
    var reported = {};
    video.addEventListener("timeupdate", function () {
      if (!video.duration) return;
      var done = video.currentTime / video.duration * 100;
      [25, 50, 75, 100].forEach(function (mark) {
        if (done >= mark - 0.5 && !reported[mark]) { reported[mark] = true; send("video_progress", { percent: mark, asset: asset || pageAsset }); }
      });
    });
  }

  function el(tag, attributes, text) {
    var e = d.createElement(tag);
    for (var k in attributes) if (attributes[k] != null) e.setAttribute(k, attributes[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  function renderForm(name, target) {
    var host = typeof target === "string" ? d.querySelector(target) : target;
    if (!host) return;
    var id = visitor();
    fetch(base + "/f/" + encodeURIComponent(name) + "/fields" + (id ? "?visitor=" + id : ""), { mode: "cors", credentials: "omit" })
      .then(function (r) { return r.json(); })
      .then(function (form) { buildForm(host, name, form, id); });
  }

  function buildForm(host, name, form, id) {
    var f = el("form", { "class": "nurture-form", novalidate: "", "data-form": name });
    var page = new URL(location.href);
    form.fields.forEach(function (field) {
      var inputId = "nurture-" + name + "-" + field.name;
      var row = el("div", { "class": "nurture-field", "data-field": field.name });
      var input;
      if (field.type === "select") {
        input = el("select", { id: inputId, name: field.name });
        input.appendChild(el("option", { value: "" }, ""));
        field.options.forEach(function (o) { input.appendChild(el("option", { value: o }, o)); });
      } else if (field.type === "textarea") {
        input = el("textarea", { id: inputId, name: field.name });
      } else {
        input = el("input", { id: inputId, name: field.name, type: field.type === "checkbox" ? "checkbox" : field.type, value: field.type === "checkbox" ? "true" : null });
      }
      input.setAttribute("aria-describedby", inputId + "-error");
      if (field.required) input.setAttribute("aria-required", "true");
      row.appendChild(el("label", { "for": inputId }, field.label + (field.required ? " *" : "")));
      row.appendChild(input);
      row.appendChild(el("span", { "class": "nurture-error", id: inputId + "-error", role: "alert" }));
      f.appendChild(row);
    });
    if (form.consent) {
      var consentId = "nurture-" + name + "-consent";
      var consent = el("div", { "class": "nurture-field nurture-consent", "data-field": "nurture_consent" });
      consent.appendChild(el("input", { id: consentId, type: "checkbox", name: "nurture_consent", value: "true" }));
      consent.appendChild(el("label", { "for": consentId }, form.consent.text));
      consent.appendChild(el("span", { "class": "nurture-error", id: consentId + "-error", role: "alert" }));
      f.appendChild(consent);
    }
    form.hidden.forEach(function (h) { f.appendChild(el("input", { type: "hidden", name: h, value: page.searchParams.get(h) || "" })); });
    // The honeypot: out of sight and out of the tab order; a person never fills it.
    var trap = el("div", { "aria-hidden": "true" });
    trap.style.position = "absolute"; trap.style.left = "-10000px"; trap.style.width = "1px"; trap.style.height = "1px"; trap.style.overflow = "hidden";
    trap.appendChild(el("input", { type: "text", name: form.honeypot, tabindex: "-1", autocomplete: "off" }));
    f.appendChild(trap);
    f.appendChild(el("input", { type: "hidden", name: "nurture_token", value: form.token }));
    if (id) f.appendChild(el("input", { type: "hidden", name: "nurture_visitor", value: id }));
    f.appendChild(el("input", { type: "hidden", name: "nurture_page", value: location.href }));
    var formError = el("p", { "class": "nurture-form-error", role: "alert" });
    f.appendChild(formError);
    var button = el("button", { type: "submit" }, form.submit);
    f.appendChild(button);
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      button.disabled = true;
      Array.prototype.forEach.call(f.querySelectorAll(".nurture-error"), function (s) { s.textContent = ""; });
      formError.textContent = "";
      fetch(base + "/f/" + encodeURIComponent(name), { method: "POST", mode: "cors", credentials: "omit",
        headers: { Accept: "application/json" }, body: new URLSearchParams(new FormData(f)) })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          button.disabled = false;
          if (res.ok) return done(host, res.body);
          var errors = res.body.errors || {};
          Object.keys(errors).forEach(function (field) {
            var row = f.querySelector('[data-field="' + field + '"] .nurture-error');
            if (row) row.textContent = errors[field]; else formError.textContent = errors[field];
          });
          if (res.body.formError) formError.textContent = res.body.formError;
          if (res.body.token) f.querySelector('[name="nurture_token"]').value = res.body.token;
        }, function () { button.disabled = false; formError.textContent = "The form could not be sent. Please try again."; });
    });
    host.textContent = "";
    host.appendChild(f);
  }

  function done(host, answer) {
    if (answer.redirect) { location.assign(answer.redirect); return; }
    var thanks = el("div", { "class": "nurture-thanks", role: "status" });
    thanks.appendChild(el("p", null, answer.thankYou));
    if (answer.download) thanks.appendChild(el("a", { href: answer.download, "class": "nurture-download" }, "Download " + answer.asset));
    host.textContent = "";
    host.appendChild(thanks);
  }

  var commands = {
    consent: function (given) {
      if (given) { writeCookie(CONSENT, "1", config.visitorCookieDays * DAY); pageView(); }
      else { writeCookie(CONSENT, "", 0); writeCookie(VISITOR, "", 0); }
    },
    page: function () { pageSent = false; pageView(); },
    progress: function (o) { send("video_progress", { percent: o.percent, asset: o.asset || pageAsset }); },
    video: function (video, asset) { watch(typeof video === "string" ? d.querySelector(video) : video, asset); },
    form: renderForm
  };
  function run(args) {
    var command = commands[args[0]];
    if (command) command.apply(null, Array.prototype.slice.call(args, 1));
  }
  var queued = (w.nurture && w.nurture.q) || [];
  w.nurture = function () { run(arguments); };
  pageView();
  queued.forEach(run);
})(window, document);
