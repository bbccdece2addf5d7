# dedup -o loses no record, as `bersih` does not (a review's finding): a
# line over --max-article-bytes means no output for its file rather than
# one without the line (it had been written as an empty line), and a line
# whose text cannot be cleaned (invalid UTF-8) is copied through unchanged
# (it had been dropped), as a broken JSON line is
printf '{"id": 1, "text": "Satu dua tiga empat lima enam tujuh."}\n' > long.jsonl
{ printf '{"id": 2, "text": "'; head -c 3000 /dev/zero | tr '\0' a; printf '"}\n'; } >> long.jsonl
printf '{"id": 3, "text": "Delapan sembilan sepuluh sebelas."}\n' >> long.jsonl
printf '{"id": 4, "text": "Dua belas tiga belas empat belas."}\n' > bad.jsonl
printf '{"id": 5, "text": "abc \377 def"}\n' >> bad.jsonl
printf '{"id": 6, "text": "Lima belas enam belas tujuh belas."}\n' >> bad.jsonl
"$BERSIH" dedup -q --max-article-bytes=1K -o out long.jsonl bad.jsonl
echo "exit $?"
echo "long.jsonl written: $([ -e out/long.jsonl ] && echo yes || echo no)"
echo "bad.jsonl lines: $(wc -l < out/bad.jsonl)"
cmp -s out/bad.jsonl bad.jsonl && echo "bad.jsonl unchanged" || { echo "bad.jsonl:"; cat out/bad.jsonl; }
echo "temporary files left: $(find . -name '.*.bersih-*' | wc -l)"
