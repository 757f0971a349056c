using System.Reflection;
using System.Reflection.Metadata;

namespace RadCnn.Host.Plugins;

/// <summary>
/// Empties the framework's own type caches after a plugin is unloaded. Libraries shared with every plugin
/// (System.Text.Json above all) cache metadata per type in static fields of the default load context: a
/// plugin that once called <c>JsonSerializer.Deserialize&lt;T&gt;</c> with the default options, or whose
/// reflection-emitted accessors sit in the serializer's sliding-expiration cache, stays reachable through
/// them, and its collectible load context can never be collected. These libraries already expose a way to
/// drop such caches: the <see cref="MetadataUpdateHandlerAttribute"/> handlers that hot reload calls when
/// types change. Unloading a plugin is such a change, so the catalog calls the same handlers.
/// </summary>
internal static class FrameworkCaches
{
    /// <summary>Calls every loaded shared assembly's <c>ClearCache</c> handler; returns how many ran.</summary>
    public static int Clear()
    {
        var cleared = 0;
        foreach (var method in FindClearCacheMethods())
        {
            try
            {
                method.Invoke(null, [null]);
                cleared++;
            }
            catch (TargetInvocationException)
            {
                // A cache that cannot be cleared only delays collection; unloading goes on.
            }
        }

        return cleared;
    }

    // The handlers of the framework and of the host's own dependencies: only assemblies in the default
    // context can hold a plugin's types beyond the plugin's lifetime. Read on every unload (unloads are
    // rare), so an assembly loaded since the last one is not missed.
    private static IReadOnlyList<MethodInfo> FindClearCacheMethods()
    {
        var methods = new List<MethodInfo>();
        foreach (var assembly in System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies)
        {
            IEnumerable<MetadataUpdateHandlerAttribute> handlers;
            try
            {
                handlers = assembly.GetCustomAttributes<MetadataUpdateHandlerAttribute>();
            }
            catch (Exception ex) when (ex is FileNotFoundException or TypeLoadException or CustomAttributeFormatException)
            {
                continue;
            }

            foreach (var handler in handlers)
            {
                var clear = handler.HandlerType.GetMethod("ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(Type[])]);
                if (clear is not null)
                {
                    methods.Add(clear);
                }
            }
        }

        return methods;
    }
}
