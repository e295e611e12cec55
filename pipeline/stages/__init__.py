"""The stages an article goes through, in order, around the extractors:

1. `read`: paths → raw articles (decoded text and what the container said about them);
2. `clean`: a raw article → its text, title, date and page metadata, the page's chrome left out
   (the chrome line patterns are `chrome.tsv`, beside it); `html` finds a web page's main text;
3. `segment`: text → one spaCy `Doc` (jieba words, sentences) that the later stages share;
4. the extractors (`pipeline.extractors`) write what they find onto the `Doc`;
5. `assemble`: the annotated `Doc` and the metadata → a validated `ArticleRecord`.

`pipeline.runtime.core.Pipeline` composes them.
"""
