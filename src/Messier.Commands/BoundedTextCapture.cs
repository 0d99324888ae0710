using System.Text;

namespace Messier.Commands;

/// <summary>
/// Collects a command's output without letting a chatty command eat the memory: the first
/// <c>headLimit</c> characters and the last <c>tailLimit</c> are kept, the middle is counted.
/// </summary>
internal sealed class BoundedTextCapture
{
    private readonly Lock gate = new();
    private readonly StringBuilder head = new();
    private readonly Queue<string> tail = new();
    private readonly int headLimit;
    private readonly int tailLimit;
    private int tailLength;
    private long dropped;

    public BoundedTextCapture(int headLimit, int tailLimit)
    {
        this.headLimit = headLimit;
        this.tailLimit = tailLimit;
    }

    public void AppendLine(string line)
    {
        lock (gate)
        {
            if (tailLength == 0 && head.Length + line.Length + 1 <= headLimit)
            {
                head.Append(line).Append('\n');
                return;
            }

            tail.Enqueue(line);
            tailLength += line.Length + 1;
            while (tailLength > tailLimit && tail.Count > 1)
            {
                var gone = tail.Dequeue();
                tailLength -= gone.Length + 1;
                dropped += gone.Length + 1;
            }
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            var text = new StringBuilder(head.ToString());
            if (dropped > 0)
            {
                text.Append("[... ").Append(dropped).Append(" characters not kept ...]\n");
            }

            foreach (var line in tail)
            {
                text.Append(line).Append('\n');
            }

            return text.ToString();
        }
    }
}
