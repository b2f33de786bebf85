"""Reference outputs for Sources/Fitting/RandomNumbers.swift, written independently from the
published C reference code (prng.di.unimi.it: splitmix64.c, xoshiro256starstar.c), Marsaglia's polar
method (Knuth TAOCP 2, 3.4.1 P) and Lemire's bounded integers (ACM TOMACS 2019, Algorithm 5).

Run: python3 random_numbers.py   (outputs pasted into RandomNumbersTests.swift)
"""
import math

M = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, seed):
        self.x = seed & M

    def next(self):
        self.x = (self.x + 0x9E3779B97F4A7C15) & M
        return mix(self.x)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Xoshiro256StarStar:
    def __init__(self, seed, stream=None):
        if stream is not None:
            seed = mix(seed ^ mix(stream))
        sm = SplitMix64(seed)
        self.s = [sm.next() for _ in range(4)]

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def index_below(self, n):
        m = self.next() * n
        low = m & M
        if low < n:
            threshold = ((1 << 64) - n) % n
            while low < threshold:
                m = self.next() * n
                low = m & M
        return m >> 64


def polar_normals(g, count):
    out = []
    while len(out) < count:
        while True:
            u = 2 * g.uniform() - 1
            v = 2 * g.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                break
        f = math.sqrt(-2 * math.log(s) / s)
        out += [u * f, v * f]
    return out[:count]


sm = SplitMix64(1234567)
print("splitmix64(seed 1234567), first 3:", [sm.next() for _ in range(3)])
g = Xoshiro256StarStar(0)
g.s = [1, 2, 3, 4]
print("xoshiro256**(state 1,2,3,4), first 4:", [g.next() for _ in range(4)])
g = Xoshiro256StarStar(42)
print("xoshiro256**(seed 42), first 4:", [g.next() for _ in range(4)])
g = Xoshiro256StarStar(42, stream=7)
print("xoshiro256**(seed 42, stream 7), first 2:", [g.next() for _ in range(2)])
g = Xoshiro256StarStar(2024)
print("indices below 10 (seed 2024), first 8:", [g.index_below(10) for _ in range(8)])
g = Xoshiro256StarStar(99)
print("polar normals (seed 99), first 5:", [repr(x) for x in polar_normals(g, 5)])
