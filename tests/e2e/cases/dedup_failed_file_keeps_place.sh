# issue 9: a text file that cannot be read (here: over --max-article-bytes)
# is named once and keeps its place among the articles, so that the second
# pass, which counts every file before its worker reads it, keeps the same
# articles as the first decided: b.txt fails, c.txt (a copy of a.txt) is
# dropped, e.txt and the 40 others are written, at -j1 and -j2 alike
mkdir -p in
cp "$SAMPLES/asahan-pakta-integritas.txt" in/a.txt
head -c 9000 /dev/zero | tr '\0' x > in/b.txt
cp in/a.txt in/c.txt
i=10
while [ $i -lt 50 ]; do
    printf 'Berita nomor %d tentang hal yang berbeda sama sekali: angka %d, %d, %d.\n' \
        $i $((i * 7)) $((i * 13)) $((i * 31)) > in/d$i.txt
    i=$((i + 1))
done
cp "$SAMPLES/tapsel-pakta-integritas.txt" in/e.txt
for j in 1 2; do
    "$BERSIH" dedup -q -j $j --max-article-bytes 8192 -o out$j in; echo "j$j: $?"
done
diff -r out1 out2 && echo "outputs identical"
ls out1/in | grep -v '^d[0-9]'
ls out1/in | grep -c '^d[0-9]'
