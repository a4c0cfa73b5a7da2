// The GOV.UK conditional reveal of radios, on radios without data-module="govuk-radios": GOV.UK Frontend's script
// puts aria-expanded on each radio, not an attribute a radio may have (axe reports it). Each radio with
// `data-reveals` names the block it opens; choosing a radio shows its block and hides the others of its group.
// Without JavaScript every block shows (the hiding class applies only once the page says scripts run), and the
// server decides which field counts.

/** Shows the block of the chosen radio of a group, and hides the others. */
function update(radios) {
  for (const radio of radios) {
    const block = document.getElementById(radio.dataset.reveals);
    if (block) {
      block.classList.toggle('govuk-radios__conditional--hidden', !radio.checked);
    }
  }
}

/** Wires every group of radios that reveals blocks. */
export function enhanceConditionalReveals() {
  const groups = new Map();
  for (const radio of document.querySelectorAll('input[type="radio"][data-reveals]')) {
    radio.setAttribute('aria-controls', radio.dataset.reveals);
    const group = groups.get(radio.name) ?? [];
    group.push(radio);
    groups.set(radio.name, group);
  }
  for (const radios of groups.values()) {
    update(radios);
    for (const radio of radios) {
      radio.addEventListener('change', () => update(radios));
    }
  }
}
