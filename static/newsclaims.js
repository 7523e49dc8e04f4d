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

  function showProblem(text) {
    const box = document.getElementById("request-problem");
    if (!box) return;
    box.textContent = text; // never markup: the text may come from a response
    box.hidden = false;
  }

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
})();
