# bench: default=300 small=12
"""Ray tracer with Vector/Ray/Sphere/Plane classes and operator overloading: diffuse and
specular shading, shadows and reflections. Prints a checksum of the 8-bit pixel values.

Usage: raytrace.py [SIZE]   renders a SIZE x SIZE image.
"""
import sys
from math import sqrt

EPSILON = 0.00001


class Vector:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vector(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vector(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k, self.z * k)

    def __neg__(self):
        return Vector(-self.x, -self.y, -self.z)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def cross(self, o):
        return Vector(self.y * o.z - self.z * o.y,
                      self.z * o.x - self.x * o.z,
                      self.x * o.y - self.y * o.x)

    def length(self):
        return sqrt(self.dot(self))

    def normalized(self):
        return self * (1.0 / self.length())

    def reflect(self, normal):
        return self - normal * (2.0 * self.dot(normal))


class Color:
    def __init__(self, r, g, b):
        self.r = r
        self.g = g
        self.b = b

    def __add__(self, o):
        return Color(self.r + o.r, self.g + o.g, self.b + o.b)

    def scale(self, k):
        return Color(self.r * k, self.g * k, self.b * k)

    def times(self, o):
        return Color(self.r * o.r, self.g * o.g, self.b * o.b)


BLACK = Color(0.0, 0.0, 0.0)


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()

    def point_at(self, t):
        return self.origin + self.direction * t


class Material:
    def __init__(self, color, diffuse, specular, reflect, checker=False):
        self.color = color
        self.diffuse = diffuse
        self.specular = specular
        self.reflect = reflect
        self.checker = checker

    def color_at(self, p):
        if not self.checker:
            return self.color
        if (int(p.x + 1000.0) + int(p.z + 1000.0)) % 2 == 0:
            return self.color
        return Color(0.1, 0.1, 0.1)


class Shape:
    def __init__(self, material):
        self.material = material

    def intersect(self, ray):
        raise NotImplementedError

    def normal_at(self, p):
        raise NotImplementedError


class Sphere(Shape):
    def __init__(self, center, radius, material):
        Shape.__init__(self, material)
        self.center = center
        self.radius = radius

    def intersect(self, ray):
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0.0:
            return None
        root = sqrt(disc)
        t = -b - root
        if t > EPSILON:
            return t
        t = -b + root
        if t > EPSILON:
            return t
        return None

    def normal_at(self, p):
        return (p - self.center).normalized()


class Plane(Shape):
    def __init__(self, point, normal, material):
        Shape.__init__(self, material)
        self.point = point
        self.normal = normal.normalized()

    def intersect(self, ray):
        denom = ray.direction.dot(self.normal)
        if abs(denom) < EPSILON:
            return None
        t = (self.point - ray.origin).dot(self.normal) / denom
        return t if t > EPSILON else None

    def normal_at(self, p):
        return self.normal


class Light:
    def __init__(self, position, color):
        self.position = position
        self.color = color


class Scene:
    def __init__(self):
        self.shapes = []
        self.lights = []
        self.ambient = Color(0.1, 0.1, 0.1)

    def nearest(self, ray):
        best_t = None
        best = None
        for s in self.shapes:
            t = s.intersect(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t = t
                best = s
        return best, best_t

    def trace(self, ray, depth):
        shape, t = self.nearest(ray)
        if shape is None:
            return BLACK
        p = ray.point_at(t)
        n = shape.normal_at(p)
        mat = shape.material
        base = mat.color_at(p)
        result = base.times(self.ambient)
        for light in self.lights:
            to_light = light.position - p
            dist = to_light.length()
            ldir = to_light * (1.0 / dist)
            shadow_shape, st = self.nearest(Ray(p, ldir))
            if shadow_shape is not None and st < dist:
                continue
            lambert = n.dot(ldir)
            if lambert > 0.0:
                result = result + base.times(light.color).scale(lambert * mat.diffuse)
            h = (ldir - ray.direction).normalized()
            spec = n.dot(h)
            if spec > 0.0:
                # spec ** 16 by repeated squaring, exact with + - * only
                spec = spec * spec
                spec = spec * spec
                spec = spec * spec
                spec = spec * spec
                result = result + light.color.scale(spec * mat.specular)
        if depth > 0 and mat.reflect > 0.0:
            r = Ray(p, ray.direction.reflect(n))
            result = result + self.trace(r, depth - 1).scale(mat.reflect)
        return result


def build_scene():
    sc = Scene()
    sc.shapes.append(Plane(Vector(0.0, -1.0, 0.0), Vector(0.0, 1.0, 0.0),
                           Material(Color(0.9, 0.9, 0.9), 0.8, 0.1, 0.3, True)))
    sc.shapes.append(Sphere(Vector(0.0, 0.0, 5.0), 1.0,
                            Material(Color(0.9, 0.2, 0.2), 0.7, 0.5, 0.4)))
    sc.shapes.append(Sphere(Vector(-2.2, 0.3, 6.5), 1.3,
                            Material(Color(0.2, 0.9, 0.3), 0.8, 0.3, 0.2)))
    sc.shapes.append(Sphere(Vector(2.0, -0.4, 4.2), 0.6,
                            Material(Color(0.3, 0.3, 0.95), 0.6, 0.8, 0.5)))
    sc.shapes.append(Sphere(Vector(0.8, 1.6, 7.5), 0.9,
                            Material(Color(0.95, 0.9, 0.2), 0.9, 0.2, 0.0)))
    sc.lights.append(Light(Vector(-4.0, 6.0, 0.0), Color(0.8, 0.8, 0.8)))
    sc.lights.append(Light(Vector(5.0, 3.0, 2.0), Color(0.4, 0.35, 0.3)))
    return sc


def to_byte(c):
    if c <= 0.0:
        return 0
    if c >= 1.0:
        return 255
    return int(c * 255.0)


def render(size):
    sc = build_scene()
    eye = Vector(0.0, 0.5, -1.0)
    checksum = 0
    histogram = [0] * 8
    for j in range(size):
        y = 1.0 - 2.0 * (j + 0.5) / size
        for i in range(size):
            x = 2.0 * (i + 0.5) / size - 1.0
            ray = Ray(eye, Vector(x, y - 0.2, 1.5))
            c = sc.trace(ray, 2)
            r = to_byte(c.r)
            g = to_byte(c.g)
            b = to_byte(c.b)
            checksum = (checksum * 131 + r * 65536 + g * 256 + b) % 2147483647
            histogram[(r + g + b) // 96] += 1
    return checksum, histogram


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    checksum, histogram = render(size)
    print(f"raytrace {size}x{size} checksum {checksum}")
    print("histogram", histogram)


main()
