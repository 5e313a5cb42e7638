namespace EntityPlatform.Consensus.Tests.Transcripts;

/// <summary>
/// Reads and writes the transcript format (etcd's datadriven shape):
/// <code>
/// # comment
/// command arg=value
/// ----
/// expected output line
///
/// next-command
/// </code>
/// A case ends at the first empty line after its separator, so outputs never contain empty lines.
/// </summary>
public static class TranscriptFile
{
    public const string Separator = "----";

    public static List<TranscriptCase> Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        var cases = new List<TranscriptCase>();
        var comments = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                comments.Add(line);
                continue;
            }

            var commandLine = i + 1;
            if (i + 1 >= lines.Length || lines[i + 1] != Separator)
            {
                throw new FormatException($"{path}:{commandLine}: command '{line}' must be followed by a '{Separator}' line");
            }

            i += 2;
            var expected = new List<string>();
            while (i < lines.Length && lines[i].Length > 0)
            {
                expected.Add(lines[i]);
                i++;
            }

            cases.Add(new TranscriptCase(comments.ToArray(), line, expected, commandLine));
            comments.Clear();
        }

        return cases;
    }

    /// <summary>Writes cases back with new outputs (used when REWRITE=1).</summary>
    public static void Write(string path, IReadOnlyList<TranscriptCase> cases, IReadOnlyList<IReadOnlyList<string>> outputs)
    {
        using var writer = new StreamWriter(path);
        for (var i = 0; i < cases.Count; i++)
        {
            if (i > 0)
            {
                writer.WriteLine();
            }

            foreach (var comment in cases[i].Comments)
            {
                writer.WriteLine(comment);
            }

            writer.WriteLine(cases[i].Command);
            writer.WriteLine(Separator);
            foreach (var line in outputs[i])
            {
                writer.WriteLine(line);
            }
        }
    }
}
