using System.Text;
using EntityPlatform.Consensus.Membership;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Tests.Membership;

/// <summary>
/// Runs a conf change transcript in the style of etcd's data-driven tests. Each step is a command line
/// (<c>simple</c>, <c>enter-joint [autoleave=true]</c> or <c>leave-joint</c>), an optional line of
/// changes (<c>v1</c> voter, <c>l2</c> learner, <c>r3</c> remove), <c>----</c>, then the expected
/// output up to a blank line: the configuration and one progress line per member, or the error.
/// Lines starting with <c>#</c> are comments. The leader's last index grows by one per step, so a
/// member's Next tells in which step it was added.
/// </summary>
internal static class ConfChangeTranscript
{
    public static void Run(string script)
    {
        var tracker = new ProgressTracker(maxInflightCount: 10, maxInflightBytes: 0);
        ulong lastIndex = 0;
        var rewritten = new StringBuilder();
        var failures = 0;
        var lines = script.Replace("\r\n", "\n").Split('\n');
        var position = 0;
        while (position < lines.Length)
        {
            var line = lines[position++];
            if (line.Length == 0 || line.StartsWith('#'))
            {
                rewritten.Append(line).Append('\n');
                continue;
            }

            var input = new List<string>();
            while (lines[position] != "----")
            {
                input.Add(lines[position++]);
            }

            position++;
            var expected = new List<string>();
            while (position < lines.Length && lines[position].Length > 0)
            {
                expected.Add(lines[position++]);
            }

            var actual = Step(tracker, lastIndex, line, string.Join(' ', input));
            lastIndex++;
            if (actual != string.Join('\n', expected))
            {
                failures++;
            }

            rewritten.Append(line).Append('\n');
            foreach (var inputLine in input)
            {
                rewritten.Append(inputLine).Append('\n');
            }

            rewritten.Append("----\n").Append(actual).Append('\n');
        }

        Assert.True(failures == 0, $"{failures} step(s) differ; the actual transcript is:\n{rewritten}");
    }

    private static string Step(ProgressTracker tracker, ulong lastIndex, string command, string input)
    {
        var changes = ParseChanges(input);
        var changer = new ConfChanger(tracker, lastIndex);
        var words = command.Split(' ');
        bool ok;
        TrackerConfig config;
        ProgressMap progress;
        string error;
        switch (words[0])
        {
            case "simple":
                ok = changer.TrySimple(changes, out config, out progress, out error);
                break;
            case "enter-joint":
                var autoLeave = words.Length > 1 && words[1] == "autoleave=true";
                ok = changer.TryEnterJoint(autoLeave, changes, out config, out progress, out error);
                break;
            case "leave-joint":
                ok = changer.TryLeaveJoint(out config, out progress, out error);
                break;
            default:
                return $"unknown command {command}";
        }

        if (!ok)
        {
            return error;
        }

        tracker.Apply(config, progress);
        return $"{tracker.Config}\n{tracker.Progress}".TrimEnd('\n');
    }

    private static ConfChangeSingle[] ParseChanges(string input) =>
        input.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(token => new ConfChangeSingle(
                token[0] switch
                {
                    'v' => ConfChangeType.AddNode,
                    'l' => ConfChangeType.AddLearnerNode,
                    'r' => ConfChangeType.RemoveNode,
                    _ => throw new FormatException($"unknown change {token}"),
                },
                ulong.Parse(token[1..])))
            .ToArray();
}
