# A function that runs once: its loop fails an int guard (48-bit overflow into a big int)
# on the first pass and goes on looping; the frame re-enters recompiled native code.
def main():
    s = 12345
    total = 0
    for i in range(200000):
        s = (s * 69069 + 1) & 0xFFFFFFFF
        total += s % 1000
    print(s, total)


main()
