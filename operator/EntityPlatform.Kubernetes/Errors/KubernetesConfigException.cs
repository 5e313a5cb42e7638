namespace EntityPlatform.Kubernetes.Errors;

/// <summary>A kubeconfig or in-cluster configuration is missing or wrong; the message names the field.</summary>
public sealed class KubernetesConfigException(string message, Exception? inner = null) : Exception(message, inner);
