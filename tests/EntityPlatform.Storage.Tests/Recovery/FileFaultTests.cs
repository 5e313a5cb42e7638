using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EntityPlatform.Storage.Tests.Recovery;

/// <summary>
/// Faults on the real FASTER segment files: a bit flipped at a random offset, or a file cut at a random
/// offset. Whatever is hit (our record, FASTER's framing, padding), recovery may refuse groups but every
/// group it does serve must hold exactly what was written.
/// </summary>
public sealed class FileFaultTests(ITestOutputHelper output)
{
    private const int Groups = 12;
    private const int Trials = 25;

    [Fact]
    public void Bit_flips_at_random_offsets_of_segment_files_are_detected_never_returned_as_data()
    {
        var detected = RunTrials(seed: 11, (file, random) =>
        {
            var bytes = File.ReadAllBytes(file);
            var offset = random.Next(bytes.Length);
            bytes[offset] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(file, bytes);
            return $"flip at {Path.GetFileName(file)} offset {offset}";
        });
        Assert.True(detected >= Trials / 2, $"only {detected} of {Trials} flips detected");
    }

    [Fact]
    public void Files_cut_at_random_offsets_are_detected_never_returned_as_data()
    {
        var detected = RunTrials(seed: 12, (file, random) =>
        {
            var length = new FileInfo(file).Length;
            var cut = random.NextInt64(length);
            using (var stream = new FileStream(file, FileMode.Open))
            {
                stream.SetLength(cut);
            }

            return $"cut {Path.GetFileName(file)} at {cut} of {length}";
        });
        Assert.True(detected >= Trials / 2, $"only {detected} of {Trials} cuts detected");
    }

    private int RunTrials(int seed, Func<string, Random, string> damage)
    {
        using var pristine = new TempDirectory();
        Write(pristine.Path);
        var random = new Random(seed);
        var detected = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            using var copy = new TempDirectory();
            foreach (var file in Directory.GetFiles(pristine.Path, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.Path, Path.GetRelativePath(pristine.Path, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var segments = Directory.GetFiles(copy.Path, "log.*").Order().ToArray();
            var what = damage(segments[random.Next(segments.Length)], random);
            using var engine = Stores.Open(copy.Path);
            var refused = engine.Recovery.Damage.Count > 0;
            detected += refused ? 1 : 0;
            output.WriteLine($"seed {seed} trial {trial}: {what}: {(refused ? engine.Recovery.Damage[0].ToString() : "no damage seen")}");
            foreach (var groupId in engine.GroupIds)
            {
                var view = engine.Group(groupId);
                Assert.Equal(Expected(groupId).Length, (int)view.LastIndex);
                view.TryGetEntries(1, view.LastIndex + 1, ulong.MaxValue, out var entries);
                Assert.True(entries.SequenceEqual(Expected(groupId)), $"seed {seed} trial {trial} ({what}): group {groupId} serves wrong data");
            }

            Assert.True(refused || engine.GroupIds.Count == Groups, $"trial {trial}: groups vanished without a damage report");
        }

        return detected;
    }

    private static void Write(string directory)
    {
        using var engine = Stores.Open(directory);
        for (var round = 0; round < 30; round++)
        {
            Stores.Commit(engine, b =>
            {
                for (ulong g = 1; g <= Groups; g++)
                {
                    if (round == 0)
                    {
                        b.Bootstrap(g, ConfState.OfVoters(1));
                    }

                    b.Append(g, Expected(g).AsSpan(round * 10, 10));
                }
            });
        }
    }

    private static Entry[] Expected(ulong groupId) => Stores.Entries(1, 300, term: groupId, dataBytes: 100, fill: (byte)groupId);
}
