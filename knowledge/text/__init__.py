"""Language helpers shared by indexing and judgement: terms, sentences, query variants."""
