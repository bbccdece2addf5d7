# issue 9: a directory's text files are read by the worker threads (-j N).
# What goes wrong with one file is said as before, on one thread or three,
# in input order, and the other files are written: a bad byte, a file over
# --max-article-bytes, one whose output cannot be renamed into place (a
# directory is in the way), a gzip'ed text, among 40 good ones (several
# batches); and outputs that would be their inputs are refused before a
# file's own trouble is looked at (-o mirror in, mirror/in/ holding a
# symbolic link to each input), as -o naming the input directory itself
# is, before anything is read. The expected output is the one the build
# before the workers read files gave, but for the paths of the refusals
# (-o . . then, refused as a whole now).
mkdir -p in/sub
cp "$SAMPLES/tapsel-pakta-integritas.txt" in/
printf 'Bad \377 byte.\n' > in/bad.txt
head -c 9000 /dev/zero | tr '\0' x > in/big.txt
printf 'Berita  singkat   "kutipan".\n' | gzip -n > in/sub/zipped.txt
printf 'Satu  dua tiga.\n' > in/sub/c.txt
printf 'Empat lima.\n' > in/sub/d.txt
i=10
while [ $i -lt 50 ]; do printf 'Berita  nomor %d.\n' $i > in/sub/f$i.txt; i=$((i + 1)); done
for j in 1 3; do
    mkdir -p out$j/in/sub/d.txt/x
    "$BERSIH" -q -j $j --max-article-bytes 8192 -o out$j --report r$j.jsonl in 2>err$j
    echo "j$j: $?"
done
diff -r out1 out3 && echo "outputs identical"
cmp r1.jsonl r3.jsonl && echo "reports identical"
sed s/out3/out1/ err3 | cmp err1 - && echo "messages identical"
cat err1
find out1 -type f | grep -v '/f[0-9]' | LC_ALL=C sort
ls out1/in/sub | grep -c '^f'
cat out1/in/sub/f10.txt out1/in/sub/f49.txt
gzip -dc out1/in/sub/zipped.txt
ls -a out1/in/sub | grep -c bersih
mkdir mirror
cp -rs "$PWD/in" mirror/
"$BERSIH" -q -j 2 --max-article-bytes 8192 -o mirror in 2>onto; echo "onto itself: $?"
grep -v '/f[0-9]' onto
grep -c '/f[0-9].* is the input itself' onto
cat in/sub/c.txt
cd in
"$BERSIH" -q -j 2 -o . .; echo "into itself: $?"
"$BERSIH" dedup -q -o ../in .; echo "dedup into itself: $?"
echo "temporaries: $(ls -a | grep -c bersih)"
