// Loads the GC Design System web components (vendored in ../gcds/components/) as
// progressive enhancement. Every page carries a plain-HTML header, footer and date
// modified styled with gcds.css; they stay until the components on the page have
// rendered, then <html> gets the class "pc-gcds" and site.css swaps the two.
// Without JavaScript, or if a component never renders, the plain HTML stays.
import { setNonce } from "../gcds/components/gcds.esm.js";

// Stencil adds a <style> for its hydration rules and, where constructable style
// sheets are missing, one per component. The page's CSP allows a style element only
// with this response's nonce, which the server puts in the nonce attribute of
// <meta name="pc-csp-nonce"> (the browser hides the attribute; .nonce still reads it).
const meta = document.querySelector('meta[name="pc-csp-nonce"]');
if (meta && meta.nonce) {
  setNonce(meta.nonce);
}

function ready(element) {
  return customElements
    .whenDefined(element.localName)
    .then(() => (element.componentOnReady ? element.componentOnReady() : element));
}

const components = Array.from(document.querySelectorAll("*")).filter((el) =>
  el.localName.startsWith("gcds-"),
);
Promise.all(components.map(ready)).then(() => {
  document.documentElement.classList.add("pc-gcds");
});
