// GovQA web app behaviour that needs the browser: copy an answer as plain text, a tap on a table
// cell shows its source, a cell opened from a citation is scrolled into view.
() => {
  const showCell = (td) => {
    const frame = td.closest(".govqa-scroll");
    const info = frame && frame.previousElementSibling;
    if (!info || !info.classList.contains("govqa-cellinfo")) return;
    document.querySelectorAll("td.cell.selected").forEach((c) => c.classList.remove("selected"));
    td.classList.add("selected");
    info.textContent = td.dataset.tip || "";
    info.hidden = false;
  };
  document.addEventListener("click", async (ev) => {
    const copy = ev.target.closest && ev.target.closest(".govqa-copy");
    if (copy) {
      ev.preventDefault();
      const plain = copy.closest(".govqa-answer").querySelector(".govqa-plain");
      const text = plain ? plain.textContent : "";
      try { await navigator.clipboard.writeText(text); } catch (e) {
        const ta = document.createElement("textarea"); ta.value = text; document.body.appendChild(ta);
        ta.select(); document.execCommand("copy"); ta.remove();
      }
      copy.classList.add("done");
      return;
    }
    const td = ev.target.closest && ev.target.closest("td.cell");
    if (td) showCell(td);
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    const td = ev.target.closest && ev.target.closest("td.cell");
    if (td) { ev.preventDefault(); showCell(td); }
  });
  // A cell opened from a citation (?cell=…): scroll to it once it is drawn.
  const wanted = new URLSearchParams(window.location.search).get("cell");
  if (wanted) {
    let tries = 0;
    const timer = setInterval(() => {
      const td = document.querySelector("td.cell.focus");
      if (td || ++tries > 100) {
        clearInterval(timer);
        if (td) {
          td.scrollIntoView({ block: "center", inline: "nearest" });
          const frame = td.closest(".govqa-scroll");
          if (frame) frame.scrollLeft = td.offsetLeft - frame.clientWidth / 2;
          showCell(td);
        }
      }
    }, 200);
  }
}
