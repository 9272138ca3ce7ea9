// Sizes each embedded decision document to its content, so it is read whole rather than
// scrolled inside a fixed box. The document is served from this origin, so its height is readable.
document.querySelectorAll('iframe.console-document').forEach((frame) => {
  const fit = () => {
    const page = frame.contentDocument && frame.contentDocument.documentElement;
    if (page) frame.style.height = `${page.scrollHeight + 2}px`;
  };
  frame.addEventListener('load', fit);
  fit();
});
