META
key;value
description;synthetic
num_projects;12
num_votes;60
budget;1000
vote_type;approval
rule;equalshares/add1
PROJECTS
project_id;cost;votes;name
p0;232;16;Project 0
p1;64;21;Project 1
p2;64;15;Project 2
p3;193;14;Project 3
p4;291;11;Project 4
p5;182;12;Project 5
p6;149;16;Project 6
p7;359;16;Project 7
p8;226;19;Project 8
p9;278;12;Project 9
p10;228;15;Project 10
p11;236;18;Project 11
VOTES
voter_id;vote
v0;p0,p2,p6
v1;p8
v2;p5
v3;p0,p1,p3,p8,p11
v4;p1,p3,p6,p10
v5;p0,p1,p3,p6,p9
v6;p0,p6,p9,p10,p11
v7;p0,p8
v8;p4,p6
v9;p1,p8
v10;p1,p2,p3,p4,p8
v11;p1,p8,p11
v12;p0,p3,p6,p7,p9
v13;p7,p9,p11
v14;p2,p3,p4
v15;p1,p9
v16;p5,p7,p8
v17;p1,p4,p9,p10
v18;p2,p5,p6,p7,p10
v19;p0,p1,p8,p10
v20;p5,p7,p8,p10,p11
v21;p1
v22;p1,p7,p10
v23;p11
v24;p7,p9,p10
v25;p5,p6,p11
v26;p7
v27;p1,p2,p9
v28;p0,p2,p3,p4
v29;p6,p11
v30;p1,p2,p6,p7
v31;p2,p4,p6,p8,p11
v32;p3,p5,p6,p10
v33;p1,p2
v34;p3,p10
v35;p0,p7
v36;p0,p2,p4,p10,p11
v37;p5,p8,p9,p10
v38;p8,p11
v39;p0,p6,p7,p10,p11
v40;p1,p6,p7,p11
v41;p0,p1,p3,p10
v42;p0,p1,p2,p5
v43;p0
v44;p0,p1,p2,p5,p8
v45;p3
v46;p2,p4,p5,p6,p8
v47;p1,p7,p9,p11
v48;p1,p2,p4,p7
v49;p11
v50;p4,p7,p11
v51;p0,p8
v52;p5,p8
v53;p8,p11
v54;p8
v55;p1,p4,p10
v56;p2,p3,p5,p9,p11
v57;p3,p9
v58;p3,p6
v59;p7,p8
