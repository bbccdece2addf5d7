# issue 3: -o that would overwrite an input is refused; the input is intact.
# The check is made as the output is renamed into place (RENAME_NOREPLACE,
# then stat when a file is there): an output over another file, as a
# second run into the same directory, still replaces it. dedup -o too.
printf 'a\r\nb\r\n' > a.txt
cp a.txt orig.txt
"$BERSIH" -q -o . a.txt
status=$?
cmp a.txt orig.txt && echo "input intact"
"$BERSIH" -q -o out a.txt; echo "first: $?"
printf 'old\n' > out/a.txt
"$BERSIH" -q -o out a.txt; echo "again: $?"
od -c out/a.txt | head -2
"$BERSIH" dedup -q -o . a.txt; echo "dedup: $?"
cmp a.txt orig.txt && echo "input intact"
ls -a | grep -c bersih
# A report (or dedup's signatures or index) over an input is refused before
# anything is read: an input named, or a file in an input directory.
mkdir in
cp orig.txt in/b.txt
"$BERSIH" -q --report a.txt -o out2 a.txt; echo "report onto input: $?"
"$BERSIH" -q --report in/b.txt -o out2 in; echo "report into input dir: $?"
"$BERSIH" dedup -q --signatures ./in/../in/b.txt in; echo "signatures: $?"
cmp a.txt orig.txt && cmp in/b.txt orig.txt && echo "inputs intact"
test -e out2 || echo "nothing written"
exit $status
