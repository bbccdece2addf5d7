# Layouts people use every day run; the ones that would overwrite an input
# are refused before anything is read, naming the input (exit 2):
# - -o .. from a subdirectory, and -o DIR holding the input's directory,
#   where the outputs land beside the inputs, not on them;
# - a report kept in the -o directory or as a hidden file in the corpus,
#   a second time (the walk reads neither);
# - dedup's index kept in its -o directory inside the corpus, twice; a
#   report kept in the corpus, twice (the walk leaves it out);
# - refused: standard input's file as the report or as -o DIR/stdin, a
#   report over a file bersih did not write (an article, here reached by
#   the walk through a symbolic link),
#   --merge's report over a signature file, -o DIR with a symbolic link
#   to another input directory where an input's outputs go.
mkdir -p corpus/sub
printf 'Berita  satu dari korpus.\n' > corpus/a.txt
printf 'Berita  dua di subdirektori.\n' > corpus/sub/b.txt
cp -r corpus pristine
(cd corpus/sub && "$BERSIH" -q -o .. b.txt; echo "-o .. b.txt: $?")
(cd corpus/sub && "$BERSIH" -q -o .. .; echo "-o .. .: $?")
rm -rf corpus && cp -r pristine corpus
for run in 1 2; do
    (cd corpus && "$BERSIH" -q -o clean --report clean/r.jsonl .; echo "report in -o, run $run: $?")
done
rm -rf corpus && cp -r pristine corpus
for run in 1 2; do
    "$BERSIH" -q -o out --report corpus/.report.jsonl corpus; echo "hidden report, run $run: $?"
done
rm -rf corpus && cp -r pristine corpus
for run in 1 2; do
    "$BERSIH" dedup -q -o corpus/dd --index corpus/dd/idx.bin corpus; echo "dedup index in -o, run $run: $?"
done
find corpus -type f | LC_ALL=C sort
rm -rf corpus/dd
# A report kept in the corpus itself: the second run leaves the first's
# report out of its walk (a warning says so) and replaces it.
for run in 1 2; do
    "$BERSIH" check --report corpus/r.jsonl corpus; echo "report in the corpus, run $run: $?"
done
head -c 10 corpus/r.jsonl; echo
rm corpus/r.jsonl
# An article where the report would go is refused, however the walk
# reaches it (here through a symbolic link to another directory).
mkdir lnk
printf '{"text":"Artikel di balik tautan."}\n' > lnk/r.jsonl
ln -s ../lnk corpus/link
"$BERSIH" check -q --report lnk/r.jsonl corpus; echo "report over an article: $?"
"$BERSIH" check -q --report corpus/link/r.jsonl corpus; echo "the same through the link: $?"
cat lnk/r.jsonl
rm corpus/link
cp corpus/a.txt s.txt
"$BERSIH" -q --report s.txt < s.txt; echo "report onto stdin's file: $?"
cp s.txt stdin
"$BERSIH" -q -o . - < stdin; echo "-o . onto stdin's file: $?"
cmp s.txt corpus/a.txt && cmp stdin corpus/a.txt && echo "stdin's file intact"
"$BERSIH" dedup -q --signatures a.sig corpus
"$BERSIH" dedup -q --signatures b.sig corpus/sub
cp a.sig a.orig
"$BERSIH" dedup -q --merge --report a.sig a.sig b.sig; echo "merge report onto a signature file: $?"
cmp a.sig a.orig && echo "a.sig intact"
mkdir -p other o2
printf 'Lain.\n' > other/a.txt
ln -s ../other o2/corpus
"$BERSIH" -q -o o2 corpus other; echo "-o o2 with o2/corpus -> other: $?"
cat other/a.txt
# Two inputs whose outputs would go to one place: refused, as the second
# would replace the first's output; one input named twice is written once,
# its second naming refused.
mkdir -p p q
printf 'Dari p.\n' > p/a.txt
printf 'Dari q.\n' > q/a.txt
"$BERSIH" -q -o twice p/../p/a.txt q/../q/a.txt; echo "one output, two inputs: $?"
"$BERSIH" -q -o twice "$PWD/p" q/../p; echo "one input named twice: $?"
find twice -type f
# Two inputs that lead to one output only while walking, one file named
# twice for dedup (the second reading finds every long article a
# duplicate), standard input twice: the first output stays, the second
# is refused, and the run says so.
mkdir -p d other/d
printf 'Artikel satu dari d lokal.\n' > d/a.txt
printf 'Artikel dua dari other d.\n' > other/d/a.txt
"$BERSIH" -q -o walked "$PWD/other/d" d/a.txt; echo "a walk and a file, one output: $?"
cat walked/d/a.txt
words=$(i=0; while [ $i -lt 40 ]; do printf 'kata%d ' $i; i=$((i + 1)); done)
printf '{"id":1,"text":"%s"}\n{"id":2,"text":"pendek"}\n' "$words" > f.jsonl
"$BERSIH" dedup -q -o dd2 f.jsonl f.jsonl; echo "dedup, one file twice: $?"
wc -l < dd2/f.jsonl
printf 'Artikel dari stdin.\n' | "$BERSIH" -q -o in2 - -; echo "standard input twice: $?"
cat in2/stdin
# A report where an output goes would replace it (clean writes the report
# last) or be replaced by it (dedup writes it first): refused.
"$BERSIH" -q -o rep --report rep/p/a.txt p/a.txt; echo "report on an output: $?"
"$BERSIH" dedup -q -o rep --report rep/p/a.txt p/a.txt; echo "dedup report on an output: $?"
printf 'x\n' > p/.hidden
"$BERSIH" -q -o rep --report rep/p/.hidden p; echo "report at a hidden name, where no output goes: $?"
# A symbolic link deeper in an existing output tree: into an input
# directory, the files that would go through it are refused (the rest are
# written); elsewhere (outputs kept on another disk), it is followed.
mkdir -p deep/a deep/b out3/deep elsewhere
printf 'Jakarta - AAA  satu.\n' > deep/a/x.txt
printf 'Jakarta - BBB  dua.\n' > deep/b/x.txt
ln -s ../../deep/b out3/deep/a
"$BERSIH" -q -o out3 deep; echo "link into an input: $?"
cat deep/b/x.txt
rm out3/deep/a
ln -s ../../elsewhere out3/deep/a
"$BERSIH" -q -o out3 deep; echo "link elsewhere: $?"
cat elsewhere/x.txt
# The same with the input directory inside -o DIR (-o data data/raw: the
# outputs in data/data/raw), where a link below leads back into the input.
mkdir -p data/raw/a data/raw/b
printf 'Satu  dua.\n' > data/raw/a/x.txt
printf 'ORIGINAL B.\n' > data/raw/b/x.txt
"$BERSIH" -q -o data data/raw; echo "input inside -o: $?"
rm -r data/data/raw/a
ln -s ../../raw/b data/data/raw/a
"$BERSIH" -q -o data data/raw; echo "link back into the input: $?"
cat data/raw/b/x.txt
