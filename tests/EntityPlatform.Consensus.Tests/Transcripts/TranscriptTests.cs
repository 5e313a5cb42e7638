using System.Runtime.CompilerServices;

namespace EntityPlatform.Consensus.Tests.Transcripts;

/// <summary>
/// Runs every <c>testdata/*.txt</c> transcript: each command's output must match the recorded one. Set
/// <c>REWRITE=1</c> to regenerate the recorded outputs in the source tree, then review the diff.
/// </summary>
public sealed class TranscriptTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestDataDirectory(), "*.txt").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Transcript_matches_recorded_output(string file)
    {
        var path = Path.Combine(TestDataDirectory(), file);
        var cases = TranscriptFile.Parse(path);
        var env = new InteractionEnv();
        var outputs = new List<IReadOnlyList<string>>();
        foreach (var step in cases)
        {
            var actual = env.Run(step.Command);
            outputs.Add(actual);
            if (!Rewriting && !actual.SequenceEqual(step.Expected))
            {
                Assert.Fail(Describe(file, step, actual));
            }
        }

        if (Rewriting)
        {
            TranscriptFile.Write(path, cases, outputs);
        }
    }

    private static bool Rewriting => Environment.GetEnvironmentVariable("REWRITE") == "1";

    private static string Describe(string file, TranscriptCase step, IReadOnlyList<string> actual)
    {
        var firstDifference = 0;
        while (firstDifference < actual.Count && firstDifference < step.Expected.Count && actual[firstDifference] == step.Expected[firstDifference])
        {
            firstDifference++;
        }

        return $"{file}:{step.Line}: '{step.Command}' differs at output line {firstDifference + 1}.\n" +
            $"expected:\n  {string.Join("\n  ", step.Expected)}\nactual:\n  {string.Join("\n  ", actual)}\n" +
            "(run with REWRITE=1 to accept the new output, then review the diff)";
    }

    // The source directory, so REWRITE updates the checked-in files rather than the build output's copy.
    private static string TestDataDirectory([CallerFilePath] string sourceFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(sourceFile))!, "testdata");
}
