namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// The drawn anatomy of one chest CT phantom in patient millimetres (x to the patient's left, y
/// posterior, z cranial): body outline with fat and muscle, ribs, spine, mediastinum with aorta and
/// trachea, and two lungs with an oblique fissure each. Values are the tissue's HU without vessels,
/// nodules, blur or noise.
/// </summary>
internal sealed class ChestCtAnatomy
{
    private readonly ChestCtStyle style;
    private readonly double bodyA, bodyB, fat, wall;
    private readonly double lungA, lungB, lungCx, lungCy, leftScale;
    private readonly double zCentre, zHalf;
    private readonly double ribPitch, ribPhase;
    private readonly double spineY, mediastinumA, mediastinumB;
    private readonly double[] textureK, texturePhase;
    private readonly (double Nx, double Ny, double Nz, double Offset)[] fissures;

    public ChestCtAnatomy(SeededRandom random, ChestCtStyle style, double fieldOfView, double zLow, double zHigh)
    {
        this.style = style;
        bodyA = Math.Min(random.Uniform(135, 180), (fieldOfView / 2) - 12);
        bodyB = bodyA * random.Uniform(0.62, 0.75);
        fat = random.Uniform(5, 18);
        wall = random.Uniform(8, 13);
        lungA = (bodyA - fat - wall) * random.Uniform(0.40, 0.44);
        lungB = (bodyB - fat - wall) * random.Uniform(0.86, 0.92);
        lungCx = bodyA - fat - wall - lungA - 2;
        lungCy = -bodyB * 0.04;
        leftScale = random.Uniform(0.9, 0.98);
        zCentre = ((zLow + zHigh) / 2) + random.Uniform(-20, 20);
        zHalf = Math.Max(zHigh - zLow, 60) * random.Uniform(1.3, 1.8);
        ribPitch = random.Uniform(22, 28);
        ribPhase = random.Uniform(0, ribPitch);
        spineY = bodyB - fat - wall - 22;
        mediastinumA = lungCx - lungA + random.Uniform(14, 22);
        mediastinumB = bodyB * random.Uniform(0.55, 0.65);
        textureK = [random.Uniform(0.02, 0.05), random.Uniform(0.02, 0.05), random.Uniform(0.02, 0.05)];
        texturePhase = [random.Uniform(0, 6.28), random.Uniform(0, 6.28), random.Uniform(0, 6.28)];
        fissures =
        [
            Fissure(random, +1),
            Fissure(random, -1),
        ];
    }

    public double LungCentreX => lungCx;

    public double LungCentreY => lungCy;

    public double LungHalfWidth => lungA;

    public double LungHalfDepth => lungB;

    public double ZCentre => zCentre;

    /// <summary>The fissure plane of the lung on side +1 (left) or -1 (right): unit normal and offset (n·p = offset).</summary>
    public (double Nx, double Ny, double Nz, double Offset) FissureOf(int side) => fissures[side > 0 ? 0 : 1];

    /// <summary>How far inside the lung's outline a point lies, in mm (negative outside).</summary>
    public double LungDepth(double x, double y, double z)
    {
        var side = x >= 0 ? 1 : -1;
        var scale = LungScale(z) * (side > 0 ? leftScale : 1);
        if (scale <= 0.05)
        {
            return -100;
        }

        var a = lungA * scale;
        var b = lungB * scale;
        var u = (Math.Abs(x) - lungCx) / a;
        var v = (y - lungCy) / b;
        var r = Shape(u, v);
        var depth = (1 - r) * Math.Min(a, b);
        // The mediastinum and spine cut into the medial side.
        var mediastinum = (1 - Shape(x / mediastinumA, (y + (bodyB * 0.1)) / mediastinumB)) * mediastinumA;
        var spine = 30 - Math.Sqrt((x * x) + ((y - spineY) * (y - spineY)));
        // The chest wall (fat, muscle and ribs) always lies between the lungs and the skin.
        var insideWall = ((1 - Shape(x / bodyA, y / bodyB)) * Math.Min(bodyA, bodyB)) - fat - wall;
        return Math.Min(Math.Min(depth, insideWall), Math.Min(-mediastinum, -spine));
    }

    public bool IsLung(double x, double y, double z) => LungDepth(x, y, z) > 0;

    /// <summary>The tissue value (HU) at a point, lungs included, vessels and nodules not.</summary>
    public float Hu(double x, double y, double z)
    {
        var body = Shape(x / bodyA, y / bodyB);
        if (body > 1)
        {
            return -1000;
        }

        var depthFromSkin = (1 - body) * Math.Min(bodyA, bodyB);
        var lungDepth = LungDepth(x, y, z);
        if (lungDepth > 0)
        {
            var texture = style.LungTexture * (Math.Sin((textureK[0] * x) + texturePhase[0]) * Math.Sin((textureK[1] * y) + texturePhase[1]) + (0.5 * Math.Sin((textureK[2] * z) + texturePhase[2])));
            var hu = style.LungHu + texture;
            var side = x >= 0 ? 1 : -1;
            var (nx, ny, nz, offset) = FissureOf(side);
            var distance = Math.Abs((nx * x) + (ny * y) + (nz * z) - offset);
            if (distance < 0.6)
            {
                hu = -700;
            }

            // The pleura: a thin denser rim.
            return (float)(lungDepth < 1.0 ? hu + 150 : hu);
        }

        // Spine: vertebral body with cortex, spinal canal behind it.
        var dxs = x;
        var dys = y - spineY;
        var rs = Math.Sqrt((dxs * dxs) + (dys * dys));
        if (rs < 17)
        {
            return rs > 14.5 ? 750 : 260;
        }

        var canal = Math.Sqrt((x * x) + ((y - spineY - 24) * (y - spineY - 24)));
        if (canal < 7)
        {
            return 25;
        }

        if (canal < 10 && y > spineY + 14)
        {
            return 650;
        }

        // Mediastinum: trachea (air with a wall), aorta and heart.
        var trachea = Math.Sqrt((x * x) + ((y + 8) * (y + 8)));
        if (trachea < 8)
        {
            return -990;
        }

        if (trachea < 10)
        {
            return 30;
        }

        var aorta = Math.Sqrt(((x - 18) * (x - 18)) + ((y - 25) * (y - 25)));
        if (aorta < 13)
        {
            return 45;
        }

        if (depthFromSkin < fat)
        {
            return -100;
        }

        if (depthFromSkin < fat + wall)
        {
            // Ribs: bands across the chest wall that move along z with the angle around the body (oblique ribs).
            var angle = Math.Atan2(y, x);
            var phase = (z + ribPhase + (8 * angle)) % ribPitch;
            if (phase < 0)
            {
                phase += ribPitch;
            }

            var rib = depthFromSkin > fat + (wall * 0.3) && depthFromSkin < fat + (wall * 0.9) && phase < 9 && y < spineY + 10;
            return rib ? (phase is > 1.5 and < 7.5 ? 220 : 700) : 45;
        }

        return 38;
    }

    private double LungScale(double z)
    {
        var t = (z - zCentre) / zHalf;
        return t * t >= 1 ? 0 : Math.Pow(1 - (t * t), 0.35);
    }

    private double Shape(double u, double v) =>
        style.Superelliptic
            ? Math.Pow(Math.Pow(Math.Abs(u), 3.5) + Math.Pow(Math.Abs(v), 3.5), 1 / 3.5)
            : Math.Sqrt((u * u) + (v * v));

    private (double, double, double, double) Fissure(SeededRandom random, int side)
    {
        // An oblique fissure: runs from posterior-cranial to anterior-caudal, through the lung's middle.
        var nx = 0.15 * side;
        var ny = random.Uniform(0.55, 0.75);
        var nz = random.Uniform(0.55, 0.75);
        var length = Math.Sqrt((nx * nx) + (ny * ny) + (nz * nz));
        (nx, ny, nz) = (nx / length, ny / length, nz / length);
        var px = side * lungCx;
        var py = lungCy + random.Uniform(-0.15, 0.15) * lungB;
        var pz = zCentre;
        return (nx, ny, nz, (nx * px) + (ny * py) + (nz * pz));
    }
}
