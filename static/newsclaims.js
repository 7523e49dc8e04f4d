// newsclaims: the one script. It turns a text selection in an article into
// the "Mark as claim" form, opens a claim when its highlight is clicked, keeps
// focus where a keyboard user expects it after a swap, and says so when a
// request fails. Everything else is htmx attributes in the templates.
(function () {
  "use strict";

  // Offsets are counted as JavaScript counts them, in UTF-16 code units; the
  // server converts them to code points (claims.forms.MarkClaimForm).
  function offsetWithin(container, node, offset) {
    const range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    // Range.toString() joins the text nodes' data with nothing added, so it
    // is the article body up to the point, exactly.
    return range.toString().length;
  }

  function selectionIn(container) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return null;
    }
    return {
      text: range.toString(),
      start: offsetWithin(container, range.startContainer, range.startOffset),
      end: offsetWithin(container, range.endContainer, range.endOffset),
    };
  }

  function fillMarkForm() {
    const container = document.getElementById("article-text");
    const passage = document.getElementById("mark-passage");
    if (!container || !passage) return;
    const picked = selectionIn(container);
    if (!picked || !picked.text.trim()) return;
    passage.value = picked.text;
    document.getElementById("mark-start").value = String(picked.start);
    document.getElementById("mark-end").value = String(picked.end);
  }

  document.addEventListener("selectionchange", fillMarkForm);

  // A passage typed by hand has no position: the server looks it up.
  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "mark-passage") {
      document.getElementById("mark-start").value = "";
      document.getElementById("mark-end").value = "";
    }
  });

  // Clicking a highlight opens the innermost claim under it, through its
  // entry in the list, so the address and history follow as for a click there.
  document.addEventListener("click", function (event) {
    const mark = event.target.closest && event.target.closest("#article-text mark[data-claims]");
    if (!mark) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // the editor is selecting, not clicking
    const ids = mark.dataset.claims.split(" ");
    const entry = document.querySelector('#claim-list a[data-claim="' + ids[ids.length - 1] + '"]');
    if (entry) entry.click();
  });

  function markOpenClaim() {
    const panel = document.getElementById("claim-panel");
    const open = panel ? panel.dataset.claim : null;
    document.querySelectorAll("#article-text mark[data-claims]").forEach(function (mark) {
      mark.classList.toggle("open", open !== null && mark.dataset.claims.split(" ").includes(open));
    });
  }

  document.addEventListener("DOMContentLoaded", markOpenClaim);

  document.addEventListener("htmx:afterSettle", function (event) {
    markOpenClaim();
    // A keyboard user who opened a claim or a form continues from its heading.
    const target = event.detail && event.detail.target;
    if (target && (target.id === "panel" || target.id === "sidebar")) {
      const heading = document.querySelector("#panel h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: false });
      }
    }
  });

  // Type-aheads (claims/_parts.html#typeahead): ↓ in the box moves into its
  // options, ↑ and ↓ move between them, Escape goes back to the box, and
  // Enter chooses one (each option is a submit button of the form).
  document.addEventListener("keydown", function (event) {
    const element = event.target;
    if (!(element instanceof HTMLElement)) return;
    if (element.matches("input[aria-controls]")) {
      const list = document.getElementById(element.getAttribute("aria-controls"));
      const first = list && list.querySelector("button");
      if (event.key === "ArrowDown" && first) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    const list = element.closest("[data-typeahead-options]");
    if (!list || element.tagName !== "BUTTON") return;
    const buttons = Array.from(list.querySelectorAll("button"));
    const at = buttons.indexOf(element);
    const input = document.querySelector('input[aria-controls="' + list.id + '"]');
    let next = null;
    if (event.key === "ArrowDown") next = buttons[Math.min(at + 1, buttons.length - 1)];
    else if (event.key === "ArrowUp") next = at > 0 ? buttons[at - 1] : input;
    else if (event.key === "Home") next = buttons[0];
    else if (event.key === "End") next = buttons[buttons.length - 1];
    else if (event.key === "Escape") next = input;
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });

  // After an action in a claim panel's section, the section is new and the
  // control the editor used is gone: focus its replacement (the same field
  // or button), the first field with an error, or else the section heading,
  // so that keyboard users carry on where they were.
  let usedControl = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    const active = document.activeElement;
    usedControl = active && active !== document.body ? active : null;
  });

  function replacementOf(control, section) {
    if (!control) return null;
    if (control.id) {
      const same = section.querySelector("#" + CSS.escape(control.id));
      if (same) return same;
    }
    if (control.name) {
      const candidates = section.querySelectorAll(control.tagName + '[name="' + CSS.escape(control.name) + '"]');
      for (const candidate of candidates) {
        if (control.tagName !== "BUTTON" || candidate.value === control.value) return candidate;
      }
    }
    return null;
  }

  // A form's first field, for a control that has no successor of its own
  // (an "Add note" button: the next useful thing is the empty note box).
  function firstFieldOfSameForm(control, section) {
    const form = control && control.form;
    if (!form) return null;
    const successor = section.querySelector('form[action="' + CSS.escape(form.getAttribute("action") || "") + '"]');
    return successor && successor.querySelector("input:not([type=hidden]):not([disabled]), textarea, select");
  }

  function focusAfterAction(section) {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const invalid = section.querySelector(".has-error input, .has-error textarea, .has-error select");
    let target = invalid || replacementOf(usedControl, section) || firstFieldOfSameForm(usedControl, section);
    if (!target || target.disabled || target.offsetParent === null) {
      target = section.querySelector("h3, h2");
      if (target) target.setAttribute("tabindex", "-1");
    }
    if (target) target.focus({ preventScroll: false });
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail && event.detail.target;
    if (!target || !target.isConnected) {
      // An outerHTML swap leaves the old element detached: find its successor.
      const id = target && target.id;
      const successor = id ? document.getElementById(id) : null;
      if (successor && successor.closest(".claim-panel")) focusAfterAction(successor);
      return;
    }
    if (target.closest(".claim-panel") && target.classList.contains("panel-section")) {
      focusAfterAction(target);
    }
  });

  // What an action changed, said to screen readers: the server names it in
  // an "announce" event (HX-Trigger), and the page's status region reads it.
  document.addEventListener("announce", function (event) {
    const region = document.getElementById("announcer");
    const message = event.detail && (event.detail.message || event.detail.value);
    if (!region || !message) return;
    region.textContent = "";
    window.requestAnimationFrame(function () {
      region.textContent = message; // text, never markup
    });
  });

  // Unsaved edits in a claim's panel are never dropped without a word: the
  // editor is asked before another claim, the article's list or a new mark
  // replaces the panel, and the browser asks before the page is left.
  function fieldChanged(field) {
    if (field.disabled || field.type === "search" || field.type === "hidden") return false;
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    if (field.tagName === "SELECT") {
      if (field.multiple) return false;
      const chosen = Array.from(field.options).findIndex(function (option) { return option.defaultSelected; });
      return field.selectedIndex !== Math.max(chosen, 0);
    }
    if (field.tagName === "TEXTAREA" || field.tagName === "INPUT") return field.value !== field.defaultValue;
    return false;
  }

  function holdsText(field) {
    const typed = field.tagName === "TEXTAREA" || (field.tagName === "INPUT" && ["text", "number", "url", "date", ""].includes(field.type));
    return typed && !field.disabled && field.value.trim() !== "";
  }

  function unsavedForms(within) {
    return Array.from(within.querySelectorAll("form")).filter(function (form) {
      if (form.dataset.submitting) return false;
      // A form shown back with errors holds what the editor typed, not yet
      // saved (unless the editor had typed nothing).
      const refused = form.querySelector(".has-error, .error, .error-box") !== null;
      return Array.from(form.elements).some(refused ? holdsText : fieldChanged);
    });
  }

  function draftArea() {
    return document.querySelector(".claim-panel") || document.querySelector("#panel .new-claim");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    const area = draftArea();
    const target = event.detail && event.detail.target;
    if (!area || !target || !target.contains(area)) return;
    const unsaved = unsavedForms(area).filter(function (form) { return !form.contains(event.detail.elt); });
    if (unsaved.length === 0) return;
    if (!window.confirm("This claim has changes you have not saved. Leave them and go on?")) {
      event.preventDefault();
      const field = unsaved[0].querySelector("input:not([type=hidden]), textarea, select");
      if (field) field.focus();
    }
  });

  document.addEventListener("submit", function (event) {
    if (event.target instanceof HTMLFormElement) event.target.dataset.submitting = "1";
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail && event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (form) delete form.dataset.submitting;
  });

  window.addEventListener("beforeunload", function (event) {
    const area = draftArea();
    if (area && unsavedForms(area).length > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function showProblem(text) {
    const box = document.getElementById("request-problem");
    if (!box) return;
    box.textContent = text; // never markup: the text may come from a response
    box.hidden = false;
  }

  // A refusal the server names without swapping anything (a clash with a
  // simultaneous save): shown in the same box.
  document.addEventListener("problem", function (event) {
    if (event.detail && event.detail.message) showProblem(event.detail.message);
  });

  document.addEventListener("htmx:beforeRequest", function () {
    const box = document.getElementById("request-problem");
    if (box) box.hidden = true;
  });

  // The app's error handlers answer htmx requests with one plain sentence
  // that says what went wrong (which limit, which permission); show it.
  function plainReply(xhr) {
    if (!xhr) return "";
    const type = xhr.getResponseHeader("Content-Type") || "";
    const text = (xhr.responseText || "").trim();
    return type.startsWith("text/plain") && text.length <= 500 ? text : "";
  }

  document.addEventListener("htmx:responseError", function (event) {
    const xhr = event.detail.xhr;
    const status = xhr ? xhr.status : 0;
    const reply = plainReply(xhr);
    if (reply) {
      showProblem(reply);
      return;
    }
    const messages = {
      403: "You do not have permission to do that. Nothing was changed.",
      404: "That no longer exists; someone may have removed it. Reload the page.",
      413: "That is too large to send.",
    };
    showProblem(messages[status] || "Something went wrong on the server (" + status + "). Nothing you typed was lost: it is still in the form.");
  });

  document.addEventListener("htmx:sendError", function () {
    showProblem("The server could not be reached. What you typed is still in the form; try again.");
  });

  // ----- On a phone ---------------------------------------------------------
  // (the stylesheet's 47.5rem) The header's menu folds behind one button, and
  // the reader shows an open claim as a sheet over the article. Closing the
  // sheet (its Close button, Escape or the back button) returns to the same
  // place in the article, with focus on the highlight or entry that opened it.
  const phone = window.matchMedia("(max-width: 47.5rem)");
  let sheet = null; // what opened the open sheet: address, scroll, opener
  let opening = null; // the same, noted as a request for the panel starts
  let clickedMark = null;

  function setMenu(button, open) {
    button.setAttribute("aria-expanded", String(open));
  }

  function sheetShown() {
    const panel = document.querySelector("#sidebar > #panel");
    return phone.matches && panel !== null && panel.children.length > 0;
  }

  // The sheet covers the page: nothing under it takes focus.
  function setBackgroundInert(inert) {
    document.querySelectorAll(".skip-link, .site-header, .reader-article, #claim-list").forEach(function (element) {
      element.inert = inert;
    });
  }

  function enterSheet() {
    sheet = opening || { url: null, y: window.scrollY, opener: null, claim: null };
    // The request that opened it pushed the claim's address (or did not).
    sheet.pushes = sheet.url && location.href !== sheet.url ? 1 : 0;
    opening = null;
    setBackgroundInert(true);
  }

  function returnFocus(state) {
    let target = state.opener;
    if (target && !target.isConnected && state.claim) {
      // A save may have redrawn the article or the list: find the successor.
      target = target.tagName === "MARK"
        ? document.querySelector('#article-text mark[data-claims~="' + state.claim + '"]')
        : document.querySelector('#claim-list a[data-claim="' + state.claim + '"]');
    }
    if (!target || !target.isConnected) return;
    if (target.tagName === "MARK") target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }

  function leaveSheet() {
    const state = sheet;
    sheet = null;
    setBackgroundInert(false);
    markOpenClaim();
    window.scrollTo(0, state.y);
    returnFocus(state);
  }

  function syncSheet() {
    const shown = sheetShown();
    if (shown && !sheet) enterSheet();
    else if (!shown && sheet) leaveSheet();
    else if (shown) setBackgroundInert(true); // a save may have redrawn the list
  }

  function closeSheet() {
    if (!sheetShown()) return;
    const panel = document.getElementById("panel");
    if (typeof unsavedForms === "function" && unsavedForms(panel).length > 0
        && !window.confirm("This claim has changes you have not saved. Leave them and close it?")) return;
    if (sheet && sheet.url && sheet.pushes > 0) {
      // Opening it was a step in history; closing it is the step back, so
      // the back button and Close agree. The popstate handler finishes.
      history.go(-sheet.pushes);
      return;
    }
    // Opened with the page (an address with ?claim=): closing is no step in
    // history, as closing a dialog is not; the address becomes the article's,
    // and back leaves for the page the editor came from.
    panel.replaceChildren();
    const articleUrl = document.querySelector(".sheet-close").dataset.articleUrl;
    if (articleUrl && location.pathname + location.search !== articleUrl) {
      history.replaceState(history.state, "", articleUrl);
    }
    if (!sheet) enterSheet();
    leaveSheet();
  }

  // Registered before htmx's own handler, and in the capture phase, so that
  // going back to the article closes the sheet instead of reloading the page.
  window.addEventListener("popstate", function (event) {
    // Back pressed while the sheet was still settling: it counts as open.
    if (!sheet && opening && sheetShown()) enterSheet();
    if (!sheet || !sheet.url || location.href !== sheet.url || !sheetShown()) return;
    event.stopImmediatePropagation();
    document.getElementById("panel").replaceChildren();
    leaveSheet();
  }, true);

  // A highlight opens its claim through the list entry; remember the highlight.
  document.addEventListener("click", function (event) {
    const mark = event.target.closest && event.target.closest("#article-text mark[data-claims]");
    if (mark) clickedMark = mark;
  }, true);

  document.addEventListener("htmx:beforeRequest", function (event) {
    const target = event.detail && event.detail.target;
    const elt = event.detail && event.detail.elt;
    if (!phone.matches || sheet || !target || target.id !== "panel" || !elt) return;
    const claim = elt.dataset ? elt.dataset.claim || null : null;
    let opener = elt;
    if (clickedMark && claim && clickedMark.dataset.claims.split(" ").includes(claim)) opener = clickedMark;
    else if (elt.tagName === "FORM" && elt.contains(document.activeElement)) opener = document.activeElement;
    clickedMark = null;
    opening = { url: location.href, y: window.scrollY, opener: opener, claim: claim };
  });

  document.addEventListener("htmx:pushedIntoHistory", function () {
    if (sheet) sheet.pushes += 1;
  });

  document.addEventListener("htmx:afterSettle", syncSheet);
  document.addEventListener("DOMContentLoaded", syncSheet);
  phone.addEventListener("change", syncSheet);

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    const button = event.target.closest(".menu-button");
    if (button) {
      setMenu(button, button.getAttribute("aria-expanded") !== "true");
      return;
    }
    const open = document.querySelector('.menu-button[aria-expanded="true"]');
    if (open && !event.target.closest(".site-menu")) setMenu(open, false);
    if (event.target.closest(".sheet-close")) closeSheet();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const button = document.querySelector('.menu-button[aria-expanded="true"]');
    if (button) {
      setMenu(button, false);
      button.focus();
    } else if (sheetShown()) {
      event.preventDefault();
      closeSheet();
    }
  });

  // ----- Mentions in notes ----------------------------------------------------
  // A note's box (textarea[data-mention-url], claims/notes.html#box) offers
  // colleagues while "@" and the start of a name stand before the caret: the
  // server's names are buttons (claims/people.html#people) in the box's
  // options. ↓ moves into them, ↑ ↓ Home End between them, Escape goes back to
  // the box, and Enter or a click puts "@username " in place of what was typed.
  // The same rule as claims/domain/mentions.py: "@" starts a word.
  const MENTION_AT_CARET = /(?:^|[^\p{L}\p{N}_@.+\-\/:=&?#%~])@([\p{L}\p{N}_.@+\-]*)$/u;
  let mentionRequest = null;
  let mentionTimer = null;

  function mentionBox(list) {
    return document.querySelector('textarea[aria-controls="' + CSS.escape(list.id) + '"]');
  }

  function mentionTyped(box) {
    if (box.selectionStart !== box.selectionEnd) return null;
    const match = MENTION_AT_CARET.exec(box.value.slice(0, box.selectionStart));
    return match ? match[1] : null;
  }

  function closeMentions(list) {
    if (mentionRequest) mentionRequest.abort();
    window.clearTimeout(mentionTimer);
    if (list) list.replaceChildren();
  }

  function offerMentions(box) {
    const list = document.getElementById(box.getAttribute("aria-controls"));
    if (!list) return;
    const typed = mentionTyped(box);
    closeMentions(typed === null ? list : null);
    if (typed === null) return;
    mentionTimer = window.setTimeout(function () {
      // Only the newest answer counts: an older one still on its way is dropped.
      if (mentionRequest) mentionRequest.abort();
      const request = new AbortController();
      mentionRequest = request;
      fetch(box.dataset.mentionUrl + "?q=" + encodeURIComponent(typed), {
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
        signal: request.signal,
      })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          // Our own server's part, its names escaped there, as htmx would swap it.
          if (mentionRequest === request && document.activeElement === box) list.innerHTML = html;
        })
        .catch(function () { /* aborted, or offline: no names offered */ });
    }, 200);
  }

  document.addEventListener("input", function (event) {
    const box = event.target;
    if (box instanceof HTMLTextAreaElement && box.dataset.mentionUrl) offerMentions(box);
  });

  // A click on a name keeps the focus (and the caret) in the box.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-mention-options] button")) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    const option = event.target.closest && event.target.closest("[data-mention-options] button[data-username]");
    if (!option) return;
    const list = option.closest("[data-mention-options]");
    const box = mentionBox(list);
    if (!box) return;
    const caret = box.selectionStart;
    const typed = MENTION_AT_CARET.exec(box.value.slice(0, caret));
    const start = typed ? caret - typed[1].length - 1 : caret;
    box.setRangeText("@" + option.dataset.username + " ", start, caret, "end");
    closeMentions(list);
    box.focus();
  });

  // In the capture phase, so that Escape closes the names before it closes
  // a phone's sheet (the handler above).
  document.addEventListener("keydown", function (event) {
    const element = event.target;
    if (element instanceof HTMLTextAreaElement && element.dataset.mentionUrl) {
      const list = document.getElementById(element.getAttribute("aria-controls"));
      const first = list && list.querySelector("button");
      if (event.key === "ArrowDown" && first) {
        event.preventDefault();
        first.focus();
      } else if (event.key === "Escape" && first) {
        event.preventDefault();
        closeMentions(list);
      }
      return;
    }
    const list = element.closest && element.closest("[data-mention-options]");
    if (!list || element.tagName !== "BUTTON") return;
    const buttons = Array.from(list.querySelectorAll("button"));
    const at = buttons.indexOf(element);
    const box = mentionBox(list);
    let next = null;
    if (event.key === "ArrowDown") next = buttons[Math.min(at + 1, buttons.length - 1)];
    else if (event.key === "ArrowUp") next = at > 0 ? buttons[at - 1] : box;
    else if (event.key === "Home") next = buttons[0];
    else if (event.key === "End") next = buttons[buttons.length - 1];
    else if (event.key === "Escape") {
      closeMentions(list);
      next = box;
    }
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }, true);

  // Names offered stay only while the box or one of them has focus.
  document.addEventListener("focusout", function (event) {
    const left = event.target;
    const list = left.closest && left.closest("[data-mention-options]");
    const box = list ? mentionBox(list) : (left instanceof HTMLTextAreaElement && left.dataset.mentionUrl ? left : null);
    if (!box) return;
    const options = list || document.getElementById(box.getAttribute("aria-controls"));
    const to = event.relatedTarget;
    if (to && (to === box || (options && options.contains(to)))) return;
    closeMentions(options);
  });
})();
