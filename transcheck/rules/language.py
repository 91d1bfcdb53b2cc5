"""Rule ``language-mismatch``: a document not in its declared language, or a passage left
untranslated (a long paragraph in another language than the rest of its document).

The decisions are made by :mod:`transcheck.langid`, which only marks a paragraph foreign on
strong evidence; this rule turns them into findings, one occurrence each.
"""

from __future__ import annotations

from collections.abc import Iterable

from transcheck.context import AuditContext
from transcheck.langid import CONFIDENT, is_substantial
from transcheck.languages import language_name
from transcheck.model import Finding
from transcheck.rules import register
from transcheck.rules.base import Rule


@register
class LanguageMismatch(Rule):
    name = "language-mismatch"
    default_severity = "warning"
    description = "a document not in its declared language, or a passage left untranslated"

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        for doc_id in sorted(ctx.documents):
            doc = ctx.documents[doc_id]
            if not doc.paragraphs or doc.lang is None:
                continue
            declared = doc.declared_lang
            if declared and doc.lang != declared and doc.lang_confidence >= CONFIDENT:
                first = doc.paragraphs[0]
                yield Finding(
                    rule=self.name,
                    severity=self.default_severity,
                    key=f"lang:{doc_id}:declared",
                    message=(
                        f"{doc_id} is declared as {language_name(declared)} ({declared}) "
                        f"but reads as {language_name(doc.lang)} ({doc.lang})"
                    ),
                    occurrences=(ctx.occurrence(doc_id, first.start, first.end),),
                    evidence=(
                        ("confidence", round(doc.lang_confidence, 2)),
                        ("declared", declared),
                        ("detected", doc.lang),
                    ),
                )
                continue  # every paragraph differs from the declaration; said once
            for p in doc.paragraphs:
                if p.lang is None or p.lang == doc.lang or p.lang_confidence < CONFIDENT:
                    continue
                if not is_substantial(doc.text[p.start : p.end]):
                    continue
                occ = ctx.occurrence(doc_id, p.start, p.end)
                yield Finding(
                    rule=self.name,
                    severity=self.default_severity,
                    key=f"lang:{doc_id}:{p.index}",
                    message=(
                        f"passage left untranslated: paragraph {p.index + 1} of {doc_id} "
                        f"(line {occ.line}) is in {language_name(p.lang)} ({p.lang}), "
                        f"the rest in {language_name(doc.lang)} ({doc.lang})"
                    ),
                    occurrences=(occ,),
                    evidence=(
                        ("confidence", round(p.lang_confidence, 2)),
                        ("detected", p.lang),
                        ("document_lang", doc.lang),
                    ),
                )
