# issue 9: a directory's text files are read, cleaned and written by the
# worker threads (-j N). What goes wrong with one file is said as on one
# thread, in input order, and the other files are written: a bad byte, a
# file over --max-article-bytes, one whose output cannot be renamed into
# place (a directory is in the way), a gzip'ed text; and outputs that would
# be their inputs are refused
mkdir -p in/sub
cp "$SAMPLES/tapsel-pakta-integritas.txt" in/
printf 'Bad \377 byte.\n' > in/bad.txt
head -c 9000 /dev/zero | tr '\0' x > in/big.txt
printf 'Berita  singkat   "kutipan".\n' | gzip -n > in/sub/zipped.txt
printf 'Satu  dua tiga.\n' > in/sub/c.txt
printf 'Empat lima.\n' > in/sub/d.txt
for j in 1 3; do
    mkdir -p out$j/in/sub/d.txt/x
    "$BERSIH" -q -j $j --max-article-bytes 8192 -o out$j --report r$j.jsonl in 2>err$j
    echo "j$j: $?"
done
diff -r out1 out3 && echo "outputs identical"
cmp r1.jsonl r3.jsonl && echo "reports identical"
sed s/out3/out1/ err3 | cmp err1 - && echo "messages identical"
cat err1
find out1 -type f | LC_ALL=C sort
gzip -dc out1/in/sub/zipped.txt
ls -a out1/in/sub | grep -c bersih
cd in
"$BERSIH" -q -j 2 -o . . 2>&1; echo "onto itself: $?"
cat sub/c.txt
