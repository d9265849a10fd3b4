// Unit cube [0, 1]³ in tetrahedra, faces tagged as Mesh.box names them.
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 1, 1, 1};
Mesh.CharacteristicLengthMax = 0.3;
// OpenCASCADE numbers the box faces x = 0, x = 1, y = 0, y = 1, z = 0, z = 1.
Physical Surface("left", 1) = {1};
Physical Surface("right", 2) = {2};
Physical Surface("front", 3) = {3};
Physical Surface("back", 4) = {4};
Physical Surface("bottom", 5) = {5};
Physical Surface("top", 6) = {6};
Physical Volume("solid", 10) = {1};
