using System.Globalization;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>A large generated C file (as parser and table generators write them): many functions
/// of branchy loops, which gcc -O2 takes tens of seconds to compile.</summary>
internal static class GeneratedC
{
    public static void Write(string path, int functions, int seed)
    {
        var r = new Random(seed);
        using var w = new StreamWriter(path, append: false, System.Text.Encoding.ASCII, bufferSize: 1 << 20);
        w.Write("#include <stdint.h>\n");
        for (int i = 0; i < functions; i++)
        {
            w.Write(string.Create(CultureInfo.InvariantCulture, $$"""

                uint64_t f{{i}}(uint64_t x, const uint64_t *t, int n)
                {
                    uint64_t h = {{r.NextInt64()}}ULL ^ x;
                    for (int i = 0; i < n; i++) {
                        switch ((h ^ t[i]) & 7) {
                        case 0: h = h * {{r.Next()}}u + t[i]; break;
                        case 1: h ^= (h >> {{r.Next(1, 32)}}) + {{r.Next()}}u; break;
                        case 2: h += t[(i + {{r.Next(1, 10)}}) % n] * {{r.Next()}}u; break;
                        case 3: h = (h << {{r.Next(1, 16)}}) | (h >> {{r.Next(17, 41)}}); break;
                        case 4: if (h & {{r.Next(1, 65536)}}u) h -= t[i] ^ {{r.Next()}}u; else h += {{r.Next(1 << 20)}}u; break;
                        case 5: for (int k = 0; k < {{r.Next(2, 7)}}; k++) h = h * 31 + (uint64_t)k * t[i]; break;
                        case 6: h ^= h * {{r.Next()}}u; break;
                        default: h = ~h + {{r.Next()}}u; break;
                        }
                    }
                    return h;
                }

                """));
        }
    }
}
