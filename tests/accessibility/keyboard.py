"""Walking a page with the keyboard only: Tab to move, Enter or Space to act, letters to type or to pick an
option of a closed list (as a keyboard user does). Every stop is checked on the way: focus is visible and
nothing sticky covers the focused element (WCAG 2.4.7, 2.4.11)."""

_FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  let covered = false;
  if (box.width > 0 && box.height > 0) {
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    covered = !!hit && hit !== el && !el.contains(hit) && !(el.labels && [...el.labels].some((l) => l.contains(hit)));
    covered = covered || box.bottom > innerHeight + 1 || box.top < -1;
  }
  return {
    id: el.id, tag: el.tagName.toLowerCase(), name: el.getAttribute("name") || "",
    text: (el.innerText || el.value || "").trim().slice(0, 40), visible, covered,
  };
}"""


def describe_focus(state):
    return f"<{state['tag']} id={state['id']!r} name={state['name']!r}> {state['text']!r}"


def tab_until(page, matches, *, limit=150, problems):
    """Press Tab until ``matches(state)``; every focus stop on the way must be visible and uncovered."""

    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_STATE)
        if state is None:
            continue
        if not state["visible"]:
            problems.append(f"focus not visible on {describe_focus(state)}")
        if state["covered"]:
            problems.append(f"focused element covered or out of view: {describe_focus(state)}")
        if matches(state):
            return state
    raise AssertionError(f"no focus stop matched within {limit} presses of Tab")


def by_id(element_id):
    return lambda state: state["id"] == element_id


def by_text(text):
    return lambda state: state["text"].startswith(text)
