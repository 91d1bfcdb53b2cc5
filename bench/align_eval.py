"""Sentence-alignment accuracy on line-aligned translations (one paragraph per line).

Each story folder holds ``en.txt`` and its translations, paragraph ``k`` of every file on line
``k``: a link is correct when all its sentences, on both sides, sit on the same line. Every
source sentence counts; one left unlinked counts as wrong.

    .venv/bin/python bench/align_eval.py ../shared/calibration [--engine apertium]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import defaultdict
from pathlib import Path

from transcheck import corpus, langid
from transcheck.align.sentences import align_documents, align_sentences, sentence_features
from transcheck.extract import extract_document


def story_documents(folder: Path):
    docs = {}
    for item in corpus.iter_corpus([folder]):
        if hasattr(item, "error"):
            continue
        langid.identify(item, "langdetect")
        docs[item.id] = (item, extract_document(item))
    return docs


def back_translations(doc, ext, translator) -> dict[int, str]:
    from transcheck.mt.router import TranslationJob

    if translator is None or translator.describe_route(doc.lang) is None:
        return {}
    texts = tuple(" ".join(doc.text[s.start : s.end].split()) for s in ext.sentences)
    out = translator.translate_jobs([TranslationJob(src=doc.lang, texts=texts, doc_id=doc.id)])
    return dict(enumerate(out[0])) if out and out[0] else {}


def flat(doc, ext):
    """Sentence features as if the document were one paragraph."""
    return [
        dataclasses.replace(f, paragraph=0, starts_paragraph=i == 0)
        for i, f in enumerate(sentence_features(doc, ext))
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--engine", default="none")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument(
        "--no-paragraphs",
        action="store_true",
        help="hide paragraph breaks from the aligner (a harder test: length, anchors, engine)",
    )
    args = ap.parse_args(argv)
    translator = None
    if args.engine != "none":
        from transcheck.mt.router import build_translator

        translator = build_translator(args.engine, "en", use_cache=True)
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for story in sorted(p for p in args.data.iterdir() if p.is_dir()):
        docs = story_documents(story)
        src_doc, src_ext = docs["en"]
        for doc_id, (doc, ext) in sorted(docs.items()):
            if doc_id == "en":
                continue
            bt = back_translations(doc, ext, translator)
            if args.no_paragraphs:
                links = align_sentences(flat(src_doc, src_ext), flat(doc, ext), bt)
            else:
                links = align_documents(src_doc, src_ext, doc, ext, bt)
            for link in links:
                if not link.src:
                    continue
                lines = {src_doc.line_of(src_ext.sentences[i].start) for i in link.src}
                lines |= {doc.line_of(ext.sentences[j].start) for j in link.tgt}
                ok = bool(link.tgt) and len(lines) == 1
                per_lang[doc.lang or doc_id][0] += ok * len(link.src)
                per_lang[doc.lang or doc_id][1] += len(link.src)
                if args.verbose and not ok:
                    print(f"  {story.name}/{doc_id} wrong {link} lines {sorted(lines)}")
    if translator is not None:
        translator.close()
    print(f"{'lang':6} {'correct':>8} {'links':>6} {'share':>7}")
    for lang, (ok, total) in sorted(per_lang.items()):
        print(f"{lang:6} {ok:8} {total:6} {100 * ok / max(total, 1):6.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
