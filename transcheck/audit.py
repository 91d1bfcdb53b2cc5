"""The pipeline: corpus -> language -> extraction -> back-translation -> alignment -> rules.

``audit()`` is the library entry point; the CLI is a thin layer over it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transcheck import corpus, langid
from transcheck.align import names_to_protect
from transcheck.align.pairs import align_translation_sets
from transcheck.align.sets import find_translation_sets
from transcheck.bilingual import with_units
from transcheck.context import AuditContext
from transcheck.extract import extract_document, lowercase_words
from transcheck.glossary import Glossary, find_glossary_files, load_glossaries
from transcheck.model import Document, Extraction, FileError, Finding, Notice, TranslationSet
from transcheck.rules import all_rules

# Documents are translated in groups of this many, so that memory for pending passages
# stays bounded while engines still get large batches.
TRANSLATION_GROUP = 200


@dataclass
class AuditOptions:
    pivot: str = "en"
    engine: str = "auto"  # auto | apertium | argos | argostranslate | none
    lang_detector: str = "langdetect"
    glossaries: list[Path] = field(default_factory=list)  # explicit --glossary files
    discover_glossaries: bool = True
    cache_path: Path | None = None
    use_cache: bool = True
    jobs: int = 1
    rules: list[str] | None = None  # None = every registered rule
    timeout: float = 120.0  # per engine call, seconds
    translation_sets: bool = True  # find translations of one article and check aligned pairs
    progress: bool = False
    follow_symlinks: bool = False  # follow links that lead out of a corpus folder


@dataclass
class AuditResult:
    pivot: str
    documents: list[Document]
    extractions: dict[str, Extraction]
    findings: list[Finding]
    errors: list[FileError]
    notices: list[Notice]
    engines: list[dict]
    stats: dict
    glossary_files: list[str]
    translation_sets: list[TranslationSet] = field(default_factory=list)


ProgressFn = Callable[[str, int, int], None]


def _passages_to_translate(
    doc: Document, ext: Extraction, every_sentence: bool = False
) -> list[tuple[int, int]]:
    """Spans whose pivot rendering the rules need: quotes, and sentences with numbers or quotes
    (every sentence of a document that belongs to a translation set: alignment and the
    meaning check read them), less those already translated."""
    spans: set[tuple[int, int]] = {(q.start, q.end) for q in ext.quotes}
    if every_sentence:
        spans.update((s.start, s.end) for s in ext.sentences)
    else:
        anchors = sorted([n.start for n in ext.numbers] + [q.start for q in ext.quotes])
        for s in ext.sentences:  # kept when an anchor starts inside it (bisection)
            i = bisect_left(anchors, s.start)
            if i < len(anchors) and anchors[i] < s.end:
                spans.add((s.start, s.end))
    return sorted(spans - ext.pivot.keys())


def _translate_group(
    group: list[tuple[Document, Extraction, set[str]]],
    translator,
    glossary: Glossary,
    pivot: str,
    every_sentence: bool = False,
) -> None:
    """Back-translate the passages of a group of documents in one engine run.

    Each document comes with the words it writes in lowercase (names that are also common
    words are not protected from the engine)."""
    from transcheck.mt.router import TranslationJob

    jobs, owners = [], []
    terms: dict[str, tuple[set[str], tuple[tuple[str, str], ...]]] = {}  # per language
    for doc, ext, lowercase in group:
        if not doc.lang or doc.lang == pivot:
            continue
        route = translator.describe_route(doc.lang)
        if route is None:
            continue
        spans = _passages_to_translate(doc, ext, every_sentence)
        if not spans:
            continue
        if doc.lang not in terms:
            terms[doc.lang] = (
                set(glossary.protected_terms(doc.lang)),
                # glossary terms come back in their canonical pivot rendering
                tuple(glossary.protection_map(doc.lang, pivot).items()),
            )
        glossary_terms, renderings = terms[doc.lang]
        names = names_to_protect(doc.text, ext.names, lowercase)
        jobs.append(
            TranslationJob(
                src=doc.lang,
                texts=tuple(" ".join(doc.text[a:b].split()) for a, b in spans),
                protect=tuple(sorted(names | glossary_terms)),
                doc_id=doc.id,
                renderings=renderings,
            )
        )
        owners.append((doc, ext, spans, route))
    if not jobs:
        return
    results = translator.translate_jobs(jobs)
    for (doc, ext, spans, route), out in zip(owners, results, strict=True):
        if out is None:
            continue
        ext.pivot.update(zip(spans, out, strict=True))
        doc.translated_by = translator.routes_used.get(doc.id) or route


def audit(
    paths: Sequence[str | Path],
    options: AuditOptions | None = None,
    progress: ProgressFn | None = None,
) -> AuditResult:
    """Audit the documents under ``paths`` and return every finding, error and notice."""
    from transcheck.align import Alignment, align
    from transcheck.mt.router import build_translator

    options = options or AuditOptions()
    pivot = options.pivot
    errors: list[FileError] = []
    notices: list[Notice] = []

    glossary_paths = find_glossary_files(
        [Path(p) for p in paths], options.glossaries, discover=options.discover_glossaries
    )
    glossary, glossary_errors = load_glossaries(glossary_paths)
    errors.extend(glossary_errors)

    translator = build_translator(
        options.engine,
        pivot,
        cache_path=options.cache_path,
        use_cache=options.use_cache,
        jobs=options.jobs,
        timeout=options.timeout,
        progress=_translation_progress(progress) if progress else options.progress,
    )
    documents: dict[str, Document] = {}
    extractions: dict[str, Extraction] = {}
    group: list[tuple[Document, Extraction, set[str]]] = []
    vocab: dict[str, set[str]] = {}
    total = corpus.count_files(paths, follow_symlinks=options.follow_symlinks) if progress else 0
    seen_files = 0
    try:
        for item in corpus.iter_corpus(paths, follow_symlinks=options.follow_symlinks):
            seen_files += 1
            if progress:
                progress("read", seen_files, total)
            if isinstance(item, FileError):
                errors.append(item)
                continue
            if isinstance(item, Notice):
                notices.append(item)
                continue
            doc = item
            if doc.id in documents:
                errors.append(FileError(doc.path, f"duplicate document id {doc.id!r}; skipped"))
                continue
            notices.extend(langid.identify(doc, options.lang_detector))
            if progress:
                progress("langid", seen_files, total)
            seen_lowercase = vocab.setdefault(doc.lang or "und", set())
            ext = extract_document(doc, seen_lowercase)
            own_lowercase = lowercase_words(doc.text)
            seen_lowercase.update(own_lowercase)
            documents[doc.id] = doc
            extractions[doc.id] = ext
            group.append((doc, ext, own_lowercase))
            if progress:
                progress("extract", seen_files, total)
            if len(group) >= TRANSLATION_GROUP:
                _translate_group(group, translator, glossary, pivot)
                group = []
        _translate_group(group, translator, glossary, pivot)
        sets = (
            find_translation_sets(documents, extractions, pivot) if options.translation_sets else []
        )
        # documents of translation sets: every other sentence too (alignment, meaning check)
        members = sorted({d for s in sets for d in (s.source, *s.translations)})
        for start in range(0, len(members), TRANSLATION_GROUP):
            late = [
                (documents[d], extractions[d], lowercase_words(documents[d].text))
                for d in members[start : start + TRANSLATION_GROUP]
            ]
            _translate_group(late, translator, glossary, pivot, every_sentence=True)
        notices.extend(translator.notices)
        engines = translator.engines_info()
        stats = dict(translator.stats)
    finally:
        translator.close()

    ctx = AuditContext(pivot=pivot, documents=documents, extractions=extractions, glossary=glossary)
    if progress:
        progress("align", 0, 1)
    try:
        ctx.translation_sets = sets
        ctx.pairs = align_translation_sets(ctx)
    except Exception as exc:  # a bug must cost findings, not the whole report
        notices.append(Notice("stage-failed", f"sentence alignment failed ({exc!r})"))
    try:
        ctx.alignment = align(ctx)
    except Exception as exc:  # a bug must cost findings, not the whole report
        ctx.alignment = Alignment()
        notices.append(
            Notice("stage-failed", f"alignment failed ({exc!r}); drift rules ran on nothing")
        )
    rules = all_rules()
    selected = options.rules or list(rules)
    findings: list[Finding] = []
    if progress:
        progress("align", 1, 1)
    for done, name in enumerate(selected):
        if progress:
            progress("rules", done, len(selected))
        try:
            findings.extend(rules[name]().check(ctx))
        except Exception as exc:
            notices.append(
                Notice("stage-failed", f"rule {name} failed ({exc!r}); its findings are missing")
            )
    if progress:
        progress("rules", len(selected), len(selected))
    findings = with_units(findings, documents)
    findings.sort(key=Finding.sort_key)

    return AuditResult(
        pivot=pivot,
        documents=sorted(documents.values(), key=lambda d: d.id),
        extractions=extractions,
        findings=findings,
        errors=sorted(errors, key=lambda e: (e.path, e.error)),
        notices=_dedupe(notices),
        engines=engines,
        stats=stats,
        glossary_files=[str(p) for p in glossary_paths],
        translation_sets=sets,
    )


def _translation_progress(progress: ProgressFn) -> Callable[[int, int], None]:
    """The translator reports (done, total) passages; the caller sees stage "translate"."""

    def report(done: int, total: int) -> None:
        progress("translate", done, total)

    return report


def _dedupe(notices: list[Notice]) -> list[Notice]:
    seen, out = set(), []
    for n in notices:
        key = (n.code, n.lang, n.doc, n.message)
        if key not in seen:
            seen.add(key)
            out.append(n)
    return sorted(out, key=lambda n: (n.code, n.lang or "", n.doc or "", n.message))
