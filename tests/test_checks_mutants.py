"""Task rules that name a synonym group the lexicon lacks: each rule kind, per language or
shared, reported at the word with the groups there are."""

from __future__ import annotations

from tests.content_samples import ContentTree
from tests.test_content_validation import assert_error_at, tree  # noqa: F401

LEXICON = """\
groups:
  sorry:
    en: [sorry]
    zh_Hans: [对不起]
  remedy:
    en: [refund]
    zh_Hans: [退款]
"""


def _rule(tree: ContentTree, rule: str) -> None:  # noqa: F811
    tree.write("lexicon.yaml", LEXICON)
    tree.replace("modules/basics.yaml", "      - has_number: true\n", rule)


def test_an_unknown_group_in_mentions_all_names_the_groups_there_are(tree):  # noqa: F811
    _rule(tree, "      - mentions_all: {en: ['@sorry', '@refunds'], zh_Hans: ['@sorry']}\n")
    problem = assert_error_at(tree, "modules/basics.yaml", "'@refunds'", "no group 'refunds'")
    assert problem.message.endswith("no group 'refunds' in lexicon.yaml (groups: remedy, sorry)")


def test_an_unknown_group_in_avoids_is_found_in_each_language(tree):  # noqa: F811
    _rule(tree, "      - avoids: {en: ['@sorry'], zh_Hans: ['@sorry', '@blame']}\n")
    assert_error_at(tree, "modules/basics.yaml", "'@blame'", "no group 'blame'")


def test_an_unknown_group_in_a_shared_word_list_is_found(tree):  # noqa: F811
    _rule(tree, "      - avoids: ['@remedy', '@blame']\n")
    assert_error_at(tree, "modules/basics.yaml", "'@blame'", "no group 'blame'")


def test_without_a_lexicon_the_message_says_there_are_no_groups(tree):  # noqa: F811
    tree.replace(
        "modules/basics.yaml", "      - has_number: true\n", "      - mentions_any: ['@sorry']\n"
    )
    problem = assert_error_at(tree, "modules/basics.yaml", "'@sorry'", "no group 'sorry'")
    assert problem.message.endswith("(groups: none)")
