namespace RadCnn.Training.Phantoms.AbdomenCt;

/// <summary>
/// Places 0-6 liver masses of 5-60 mm: hypodense (some with an enhancing rim) or hyperdense, in the
/// liver's interior, at its edge (partly outside, clipped to the liver), or touching a vessel.
/// </summary>
internal sealed class AbdomenMassPlacer(bool alternate, SeededRandom r)
{
    public List<AbdomenMass> Place(ISolid liver, List<ISolid> vessels, double liverHu, List<AnatomyLayer> layers)
    {
        var count = r.Chance(0.2) ? 0 : r.Int(1, 7);
        var masses = new List<AbdomenMass>();
        for (var i = 0; i < count; i++)
        {
            // Log-uniform diameters: many small masses, some large ones.
            var diameter = Math.Exp(r.Uniform(Math.Log(5), Math.Log(60)));
            var placement = r.Uniform(0, 1) switch
            {
                < 0.3 => "edge",
                < 0.5 => "vessel",
                _ => "interior",
            };
            var center = Center(liver, vessels, placement, diameter / 2);
            if (center is null)
            {
                continue;
            }

            var hypodense = r.Chance(0.7);
            var contrast = alternate
                ? (hypodense ? -r.Uniform(20, 45) : r.Uniform(40, 80))
                : (hypodense ? -r.Uniform(30, 70) : r.Uniform(30, 60));
            var radius = diameter / 2;
            var radii = new Point3(radius * r.Uniform(0.85, 1.15), radius * r.Uniform(0.85, 1.15), radius * r.Uniform(0.8, 1.2));
            var harmonics = alternate
                ? new[] { (r.Int(5, 9), r.Int(1, 4), r.Uniform(0.08, 0.16), r.Uniform(0, 6.3)) }
                : new[] { (r.Int(2, 4), r.Int(0, 2), r.Uniform(0.03, 0.1), r.Uniform(0, 6.3)) };
            var solid = new LobedEllipsoid(center.Value, radii, r.Uniform(0, Math.PI), harmonics);
            if (hypodense && !alternate && r.Chance(0.25) && diameter > 15)
            {
                layers.Add(new AnatomyLayer("mass rim", solid, liverHu + r.Uniform(20, 40), LayerLabel.Mass) { Within = liver });
                layers.Add(new AnatomyLayer("mass core", new LobedEllipsoid(center.Value, radii * 0.75, 0, harmonics), liverHu + contrast, LayerLabel.Mass) { Within = liver });
            }
            else
            {
                layers.Add(new AnatomyLayer("mass", solid, liverHu + contrast, LayerLabel.Mass) { Within = liver });
            }

            masses.Add(new AbdomenMass([center.Value.X, center.Value.Y, center.Value.Z], Math.Round(diameter, 1), hypodense ? "hypodense" : "hyperdense", placement));
        }

        return masses;
    }

    private Point3? Center(ISolid liver, List<ISolid> vessels, string placement, double radius)
    {
        var (min, max) = liver.Bounds;
        for (var attempt = 0; attempt < 3000; attempt++)
        {
            var p = new Point3(r.Uniform(min.X, max.X), r.Uniform(min.Y, max.Y), r.Uniform(min.Z, max.Z));
            if (!liver.Contains(p))
            {
                continue;
            }

            var direction = RandomDirection();
            switch (placement)
            {
                case "edge":
                    // The centre lies inside, a point half a radius further out does not: the mass bulges at the edge.
                    if (!liver.Contains(p + (direction * Math.Max(radius * 0.6, 3))))
                    {
                        return p;
                    }

                    break;
                case "vessel":
                    if (vessels.Count > 1 && vessels.Skip(1).Any(v => v.Contains(p + (direction * (radius + 3)))))
                    {
                        return p;
                    }

                    break;
                default:
                    // Interior: the whole mass sits inside along six directions.
                    if (new[] { new Point3(1, 0, 0), new Point3(-1, 0, 0), new Point3(0, 1, 0), new Point3(0, -1, 0), new Point3(0, 0, 1), new Point3(0, 0, -1) }
                        .All(d => liver.Contains(p + (d * radius))))
                    {
                        return p;
                    }

                    break;
            }
        }

        return null;
    }

    private Point3 RandomDirection()
    {
        var v = new Point3(r.Gaussian(), r.Gaussian(), r.Gaussian());
        var length = Math.Max(v.Length, 1e-9);
        return v * (1 / length);
    }
}
