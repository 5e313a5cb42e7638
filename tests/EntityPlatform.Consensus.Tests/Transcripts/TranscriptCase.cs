namespace EntityPlatform.Consensus.Tests.Transcripts;

/// <summary>
/// One step of a transcript file: the comment lines before it, a command line, and the output expected
/// after the <c>----</c> separator. <see cref="Line"/> is 1-based, for error messages.
/// </summary>
public sealed record TranscriptCase(IReadOnlyList<string> Comments, string Command, IReadOnlyList<string> Expected, int Line);
