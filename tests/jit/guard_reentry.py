# A function that runs once: its loop fails an int guard (a float arrives midway) and goes
# on looping; the frame re-enters recompiled native code.
def main():
    total = 0
    step = 3
    for i in range(200000):
        if i == 100000:
            step = 0.5
        total += step
        total -= i % 7
    print(total)


main()
