"""Child-facing words live in the locale files: action code passes keys, never sentences."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _string_arguments_of_utter_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "utter_message":
            for kw in node.keywords:
                if kw.arg in {"text", "template", "response"} and isinstance(kw.value, ast.Constant):
                    yield kw.value.value
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "title" and isinstance(value, ast.Constant):
                    yield value.value


def test_actions_never_utter_literal_text_or_button_titles():
    offenders = []
    for path in (ROOT / "bot" / "actions").rglob("*.py"):
        for literal in _string_arguments_of_utter_calls(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.name}: {literal!r}")
    assert offenders == []


def test_domain_has_no_responses_with_child_text():
    import yaml
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert not domain.get("responses")
