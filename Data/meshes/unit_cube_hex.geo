// Unit cube [0, 1]³ in 3 × 3 × 3 hexahedra, by extruding a structured quadrilateral square.
Point(1) = {0, 0, 0};
Point(2) = {1, 0, 0};
Point(3) = {1, 1, 0};
Point(4) = {0, 1, 0};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Curve{1, 2, 3, 4} = 4;
Transfinite Surface{1};
Recombine Surface{1};
out[] = Extrude {0, 0, 1} { Surface{1}; Layers{3}; Recombine; };
// out[0] is the top, out[1] the volume, out[2..5] the sides over lines 1..4.
Physical Surface("bottom", 5) = {1};
Physical Surface("top", 6) = {out[0]};
Physical Surface("front", 3) = {out[2]};
Physical Surface("right", 2) = {out[3]};
Physical Surface("back", 4) = {out[4]};
Physical Surface("left", 1) = {out[5]};
Physical Volume("solid", 10) = {out[1]};
