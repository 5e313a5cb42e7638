using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Simulation.Network;

/// <summary>A message in flight. The sender's incarnation lets transport reports (snapshot status) go only to the process that sent it.</summary>
public readonly record struct Envelope(Message Message, int SenderIncarnation, long DueUnits, long Sequence);
