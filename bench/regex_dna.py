# bench: default=1500000 small=5000
"""regex-dna style text matching with Lib's `re`: generate a DNA sequence with a seeded
LCG, count the matches of the variant patterns (alternations with character classes),
substitute IUB codes with `re.sub`, and scan with `finditer` and `split`.

Usage: regex_dna.py [LENGTH]   length of the generated sequence.
"""
import re
import sys

VARIANTS = (
    "agggtaaa|tttaccct",
    "[cgt]gggtaaa|tttaccc[acg]",
    "a[act]ggtaaa|tttacc[agt]t",
    "ag[act]gtaaa|tttac[agt]ct",
    "agg[act]taaa|ttta[agt]cct",
    "aggg[acg]aaa|ttt[cgt]ccct",
    "agggt[cgt]aa|tt[acg]accct",
    "agggta[cgt]a|t[acg]taccct",
    "agggtaa[cgt]|[acg]ttaccct",
)

SUBST = (
    ("tHa[Nt]", "<4>"), ("aND|caN|Ha[DS]|WaS", "<3>"), ("a[NSt]|BY", "<2>"),
    ("<[^>]*>", "|"), ("\\|[^|][^|]*\\|", "-"),
)


def generate(n):
    state = 42
    alphabet = "acgtNBDHKMRSVWY"
    out = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        r = (state >> 16) % 100
        out.append(alphabet[r % 4] if r < 90 else alphabet[4 + r % 11])
        if len(out) % 60 == 59:
            out.append("\n")
    return ">ONE Homo sapiens\n" + "".join(out)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1500000
    seq = generate(n)
    ilen = len(seq)
    seq = re.sub(">.*\n|\n", "", seq)
    clen = len(seq)
    for v in VARIANTS:
        print(v, len(re.findall(v, seq)))
    sub = seq
    for pat, rep in SUBST:
        sub = re.sub(pat, rep, sub)
    words = sum(1 for _ in re.finditer(r"[acgt]{4,}", seq))
    parts = len(re.split("[NBDH]+", seq))
    spans = sum(m.end() - m.start() for m in re.finditer(r"(a|c)(g|t)+", seq[:20000]))
    print(ilen, clen, len(sub), words, parts, spans)


main()
