# issue 3: -o that would overwrite an input is refused; the input is intact.
# Where an existing -o DIR would put an input's output over an input (the
# input itself, another input, one behind a symbolic link in DIR) the run
# is refused before anything is read, clean and dedup alike; an output
# over another file, as a second run into the same directory, replaces it;
# an input inside DIR whose output lands elsewhere (out/out/b.txt) is
# fine. (jobs_files_trouble covers the refusal of each file of a walk.)
printf 'a\r\nb\r\n' > a.txt
cp a.txt orig.txt
"$BERSIH" -q -o . a.txt; echo "-o . a.txt: $?"
"$BERSIH" dedup -q -o . a.txt; echo "dedup -o . a.txt: $?"
mkdir out
ln -s ../a.txt out/a.txt
"$BERSIH" -q -o out a.txt
status=$?
cmp a.txt orig.txt && echo "input intact"
rm out/a.txt
"$BERSIH" -q -o out a.txt; echo "first: $?"
printf 'old\n' > out/a.txt
"$BERSIH" -q -o out a.txt; echo "again: $?"
od -c out/a.txt | head -2
cp orig.txt out/b.txt
"$BERSIH" -q -o out a.txt out/b.txt; echo "input in -o, output elsewhere: $?"
cmp out/b.txt orig.txt && echo "out/b.txt intact"
ls -a . out | grep -c bersih
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
