"""What the extractors and stages know of Chinese, shared between them: `numerals` (numbers as
news writes them → exact values), `gazetteer` (divisions, countries, foreign cities, surnames)
and `focus` (the division an article is about), with the tables more than one of them reads:
place_names.tsv, countries.tsv, place_false_friends.txt and surnames.txt (the gazetteer's) and
indicators.txt (the indicator names the quantities and indicators extractors both read)."""
