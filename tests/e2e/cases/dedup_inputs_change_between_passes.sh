# dedup -o reads its inputs twice. What the run itself writes into an input
# directory between the passes (a new in/z.sig by --signatures, a new
# in/zz.txt by --report) is left out of the second pass's walk, so the two
# passes see the same articles (before: "it read 2 articles, the second
# 3", exit 2). (An input that another program changes between the passes
# is named, with exit 2: no test here can make that happen at the right
# moment.) A FIFO is refused before anything is read: the second pass
# could not read it again and would wait for a writer that is gone (the
# timeout makes a regression fail instead of hang).
mkdir -p in
cp "$SAMPLES/asahan-pakta-integritas.txt" in/a.txt
printf 'Berita nomor %d tentang hal yang berbeda sama sekali: angka %d, %d, %d.\n' 1 2 3 4 > in/b.txt
"$BERSIH" dedup -q -o out1 --signatures in/z.sig in; echo "signatures: $?"
ls out1/in
rm in/z.sig
"$BERSIH" dedup -q -o out2 --report in/zz.txt in; echo "added: $?"
ls out2/in
mkfifo pipe
timeout 20 "$BERSIH" dedup -q -o out3 pipe; echo "fifo: $?"
ls out3 2>/dev/null | wc -l
# An output directory inside the input tree is not walked: neither pass 2
# nor a second run reads the outputs as articles (before: "4 articles, the
# second 6" and exit 2, then the second run indexed 8 articles).
rm in/zz.txt
"$BERSIH" dedup -o in/out in 2>&1 | sed "s/, [0-9.]* s$//"; echo "inside: $?"
"$BERSIH" dedup -o in/out in 2>&1 | sed 's/, [0-9.]* s$//'; echo "again: $?"
find in/out -type f | sort
