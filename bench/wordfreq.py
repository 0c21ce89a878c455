# bench: default=600000 small=2000
"""Text processing: generate pseudo-English text from syllables with a seeded LCG, then
tokenize (split, strip, lower, replace), count word frequencies in a dict, build bigram
counts, and report the most frequent words sorted by (-count, word).

Usage: wordfreq.py [WORDS]   number of words of generated text.
"""
import sys

SYLLABLES = ["ka", "to", "ri", "en", "sa", "mo", "lu", "ve", "an", "qu", "is", "de",
             "th", "or", "pe", "ni", "ga", "so", "ul", "ex"]
PUNCT = [",", ".", ";", "!", "?", ""]


def generate(n_words):
    state = 12345
    words = []
    for i in range(n_words):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        length = 1 + (state >> 16) % 3
        parts = []
        s = state
        for _ in range(length):
            s = (s * 69069 + 1) & 0xFFFFFFFF
            parts.append(SYLLABLES[(s >> 20) % len(SYLLABLES)])
        word = "".join(parts)
        if (state >> 8) % 11 == 0:
            word = word.capitalize()
        if (state >> 4) % 7 == 0:
            word += PUNCT[(state >> 12) % len(PUNCT)]
        words.append(word)
        if i % 13 == 12:
            words.append("\n")
    return " ".join(words)


def tokenize(text):
    out = []
    for line in text.split("\n"):
        line = line.replace(";", " ").replace("!", " ")
        for tok in line.split():
            tok = tok.strip(",.?").lower()
            if tok:
                out.append(tok)
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600000
    text = generate(n)
    tokens = tokenize(text)
    counts = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    bigrams = {}
    prev = None
    for t in tokens:
        if prev is not None:
            key = prev + " " + t
            if key in bigrams:
                bigrams[key] += 1
            else:
                bigrams[key] = 1
        prev = t
    by_len = {}
    for w, c in counts.items():
        by_len.setdefault(len(w), []).append(c)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    top_bi = sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    print(f"chars {len(text)} tokens {len(tokens)} distinct {len(counts)} bigrams {len(bigrams)}")
    for w, c in top:
        print(f"{w:>10} {c}")
    for w, c in top_bi:
        print(f"{w:>14} {c}")
    for length in sorted(by_len):
        cs = by_len[length]
        print(f"len {length}: {len(cs)} words, {sum(cs)} uses")
    upper = sum(1 for w in text.split() if w[:1].isupper())
    print(f"capitalized {upper} vowels {sum(text.count(v) for v in 'aeiou')}")


main()
