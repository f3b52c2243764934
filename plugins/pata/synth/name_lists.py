"""The name lists of :mod:`pata.synth.names`, as data (over 400 lines: it is data, not logic).

One string per list; entries are separated by ``;``. In a native-script list an entry is
the native spelling, a space, and the usual Latin spelling (which may hold spaces); in a
Latin-script list an entry is the name. Common given and family names of each nationality,
enough of them that a national population of 100,000 has as many distinct names as a real
one (most persons have few or no namesakes born in the same year).
"""

from __future__ import annotations

KH_FEMALE = """
សុខា Sokha; ស្រីពៅ Sreypov; សុភា Sophea; បុប្ផា Bopha; ចាន់ធី Chanthy; ធារី Theary;
ស្រីនាង Sreyneang; ណារី Nary; លីដា Lida; កញ្ញា Kanha; ស្រីលក្ខណ៍ Sreyleak; រតនា Ratana;
ស្រីមុំ Sreymom; ចរិយា Chariya; សុគន្ធា Sokunthea; សុភី Sophy; ស្រីនិច Sreynich; ដាវី Davy;
សុវណ្ណារី Sovannary; ម្លិះ Malis; ធីតា Thida; វណ្ណី Vanny; សុខលី Sokly; រស្មី Reaksmey;
សុជាតា Socheata; ស្រីរ័ត្ន Sreyrath; ម៉ានី Many; ស្រីពេជ្រ Sreypich; នីតា Nita; សុម៉ាលី Somaly;
លក្ខិណា Leakhena; ស្រីលីន Sreylin; ចិន្តា Chenda; វិច្ឆិកា Vichika; សុធាវី Sotheavy;
ម៉ូលីកា Molika; ចាន់ដា Chanda; មាលា Mealea; ណាវី Navy; គន្ធា Kunthea; សុខលាភ Sokleap;
សុខនី Sokny; ធាវី Theavy; ចាន់ធូ Chanthou; ស្រីរ័ត្នា Sreyratha; ពិសី Pisey; ស្រីអូន Sreyoun;
ម៉ារ៉ា Mara; សុខគា Sokkea; ដាលីន Dalin; រចនា Rachana; សុផាត Sophat; សុភ័ណ្ឌ Sophorn;
ស្រីឡែន Sreylen; ចន្ទនី Channy; វិមាន Vimean; សុគន្ធី Sokunthy; ម៉ូនីកា Monika;
ស្រីម៉ៅ Sreymao; ភក្ដី Pheakdey
"""
KH_MALE = """
ដារា Dara; វណ្ណា Vanna; ពិសិដ្ឋ Piseth; សុផល Sophal; មករា Makara; សំណាង Samnang;
វិចិត្រ Vichet; ចាន់ថា Chantha; រិទ្ធី Rithy; សុវណ្ណ Sovann; បូរ៉ា Bora; វីរៈ Virak;
សុភ័ក្ត្រ Sopheak; ចំរើន Chamroeun; វុទ្ធី Vuthy; សុគុណ Sokun; វិសាល Visal; កុសល Kosal;
រដ្ឋា Ratha; សម្បត្តិ Sambath; ផល្លា Phalla; វាសនា Veasna; ណារិទ្ធ Narith; ប៊ុនធឿន Bunthoeun;
ឆាយ Chhay; សុធី Sothy; វិបុល Vibol; សុធា Sothea; សុភាព Sopheap; ប៊ុនណា Bunna; សារិន Sarin;
សីហា Seiha; បញ្ញា Panha; វឌ្ឍនា Vathana; ធារិទ្ធ Thearith; ពន្លឺ Ponleu; ភារម្យ Phearum;
ស៊ីថា Sitha; វណ្ណៈ Vannak; មុន្នី Mony; កក្កដា Kakada; សុវត្ថិ Sovath; ម៉េង Meng; ឡុង Long;
សុខជា Sokchea; តុលា Tola; ខេមរា Khemara; សុខហេង Sokheng; គឹមហុង Kimhong; ពុធ Puth;
សារ៉ាត់ Sarat; សំអាត Samat; ប៊ុនថន Bunthon; ស៊ីណាត Sinat; វិសុទ្ធ Visoth;
បុណ្ណារិទ្ធ Bonnarith; ហួត Huot; សុខុម Sokhom; ធីរ៉ា Thira
"""
KH_FAMILY = """
សុខ Sok; ចាន់ Chan; ហេង Heng; លី Ly; គឹម Kim; ម៉ៅ Mao; ពៅ Pov; ឈិម Chhim; សេង Seng; ទេព Tep;
អ៊ុំ Um; ខៀវ Khiev; នួន Nuon; ស៊ាន Sean; ប៉ែន Pen; កែវ Keo; ជា Chea; មាស Meas; ប្រាក់ Prak;
យឹម Yim; អ៊ុក Ouk; លឹម Lim; ហ៊ុន Hun; ញ៉ែម Nhem; សំ Sam; ហែម Hem; រស់ Ros; ផាន់ Phan;
សៅ Sao; ទូច Touch; ឈុន Chhun; នូ Nou; ឯក Ek; យិន Yin; វ៉ាន់ Van; ស្រ៊ុន Srun; ថាច់ Thach;
គង់ Kong; ឈឿន Chhoeun; ហាក់ Hak; អ៊ិន In; ពេជ្រ Pich; រឿន Roeun; សាយ Say; ម៉ម Mom; ស៊ិន Sin
"""
TH_FEMALE = """
มาลี Malee; วิไล Wilai; นภา Napha; สุดา Suda; อารีย์ Aree; ปราณี Pranee; จันทร์เพ็ญ Chanpen;
สุภาพร Supaporn; วันเพ็ญ Wanpen; ธนพร Thanaporn; สมศรี Somsri; รัตนา Rattana; กนกวรรณ Kanokwan;
ศิริพร Siriporn; พรทิพย์ Pornthip; จินตนา Jintana; สุนิสา Sunisa; กรรณิกา Kannika;
ดวงใจ Duangjai; สุกัญญา Sukanya; รัชนี Ratchanee; วนิดา Wanida; อรวรรณ Orawan;
นิภาพร Nipaporn; พิมพ์ชนก Pimchanok; อารยา Araya; ชุติมา Chutima; กันยา Kanya;
เสาวนีย์ Saowanee; นงนุช Nongnuch; เพ็ญศรี Pensri; กุหลาบ Kulap; จิราพร Jiraporn;
พัชรี Patcharee; ยุพิน Yupin; สมใจ Somjai; ประไพ Prapai; อนงค์ Anong; ธิดารัตน์ Thidarat;
วราภรณ์ Waraporn; ศศิธร Sasithorn; นารี Naree; ดารณี Daranee; ขวัญใจ Kwanjai; ปัทมา Pattama;
สุมาลี Sumalee; อุบล Ubon; บุปผา Buppha; ชนิดา Chanida; ทัศนีย์ Tassanee; อุไร Urai;
รุ่งนภา Rungnapa; ศิริรัตน์ Sirirat; ปรียา Preeya; เบญจวรรณ Benjawan; กมลวรรณ Kamolwan;
นฤมล Narumon; วิภาวี Wipawee; โสภา Sopha; ลำดวน Lamduan
"""
TH_MALE = """
สมชาย Somchai; ประเสริฐ Prasert; กมล Kamon; ชัยวัฒน์ Chaiwat; บุญมี Bunmi; สมศักดิ์ Somsak;
ณัฐพล Nattapon; วีระ Weera; อนุชา Anucha; สุรชัย Surachai; สมพร Somporn; สมบัติ Sombat;
วิชัย Wichai; สุชาติ Suchart; บุญชัย Boonchai; ธวัชชัย Thawatchai; พิชัย Pichai;
ศักดิ์ชัย Sakchai; กิตติศักดิ์ Kittisak; อนันต์ Anan; ประยุทธ Prayut; ฉัตรชัย Chatchai;
สมเกียรติ Somkiat; วิรัตน์ Wirat; ณรงค์ Narong; สมปอง Sompong; มานพ Manop; วันชัย Wanchai;
ธนวัฒน์ Thanawat; ศุภชัย Supachai; อภิชาติ Apichat; เดชา Decha; ศักดา Sakda;
พงศ์ศักดิ์ Pongsak; สุนทร Sunthorn; ยุทธนา Yutthana; เกรียงไกร Kriangkrai; สงกรานต์ Songkran;
ธีรวัฒน์ Teerawat; สุรศักดิ์ Surasak; ปัญญา Panya; อุดม Udom; เกษม Kasem; วิวัฒน์ Wiwat;
นพดล Nopadon; ประสิทธิ์ Prasit; สนั่น Sanan; ทวี Tawee; สำราญ Samran; ชูศักดิ์ Chusak;
บุญส่ง Boonsong; อรรถพล Attapon; จิรายุ Jirayu; ชาตรี Chatree; สุเทพ Suthep; ไพโรจน์ Pairoj;
วสันต์ Wasan; เอกชัย Ekachai; ประพันธ์ Praphan; สมหมาย Sommai
"""
TH_FAMILY = """
ศรีสุข Srisuk; แก้วมณี Kaewmanee; บุญมา Bunma; ทองดี Thongdee; สุขสวัสดิ์ Suksawat;
วงศ์ใหญ่ Wongyai; จันทร์แก้ว Chankaew; ใจดี Jaidee; พรหมมา Phromma; ศรีวงศ์ Sriwong;
มีสุข Meesuk; แซ่ตั้ง Saetang; แซ่ลิ้ม Saelim; ทองสุข Thongsuk; บุญศรี Boonsri;
สุขประเสริฐ Sukprasert; รุ่งเรือง Rungruang; จันทรา Chantra; สมบูรณ์ Somboon;
ศรีสวัสดิ์ Srisawat; ทองคำ Thongkham; แก้วคำ Kaewkham; วงศ์สวัสดิ์ Wongsawat;
ศิริชัย Sirichai; แสงทอง Saengthong; พวงมาลี Phuangmalee; คำสุข Khamsuk; บัวศรี Buasri;
พัฒนพงศ์ Phatthanaphong; เจริญผล Charoenphon; ศิริวัฒน์ Siriwat; ชัยศรี Chaisri;
ยอดยิ่ง Yodying; บุญรัตน์ Boonrat; คงสุข Khongsuk; เพชรรัตน์ Phetcharat; แก้วใส Kaewsai;
สุวรรณรัตน์ Suwannarat; ทองมา Thongma; แสงสุวรรณ Saengsuwan; ชัยวงศ์ Chaiwong;
พรหมศรี Promsri; อินทร์แก้ว Inkaew; สายทอง Saithong; ปัญญาดี Panyadee
"""
NP_FEMALE = """
सीता Sita; गीता Gita; कमला Kamala; सरिता Sarita; पूजा Puja; अनिता Anita; सुनिता Sunita;
मीना Mina; लक्ष्मी Laxmi; सबिना Sabina; रीता Rita; मञ्जु Manju; बिमला Bimala; राधा Radha;
सावित्री Sabitri; पार्वती Parbati; दुर्गा Durga; कल्पना Kalpana; सुशीला Sushila;
निर्मला Nirmala; आशा Asha; शान्ति Shanti; कोपिला Kopila; सङ्गीता Sangita; सृजना Srijana;
रुपा Rupa; दीपा Dipa; उषा Usha; बिना Bina; प्रमिला Pramila; मनिषा Manisha; अञ्जना Anjana;
कविता Kabita; सम्झना Samjhana; शर्मिला Sharmila; भगवती Bhagawati; गङ्गा Ganga; जमुना Jamuna;
माया Maya; सपना Sapana; रेखा Rekha; तारा Tara; गोमा Goma; हिरा Hira; इन्दिरा Indira;
निशा Nisha; रेणु Renu; बबिता Babita; सुष्मा Sushma; अम्बिका Ambika; यशोदा Yashoda;
सुन्तली Suntali; फुलमाया Phulmaya; कुमारी Kumari; भावना Bhawana; पवित्रा Pabitra;
सुमित्रा Sumitra; चमेली Chameli; मोतीमाया Motimaya; देवी Devi
"""
NP_MALE = """
राम Ram; बिष्णु Bishnu; कृष्ण Krishna; दिपक Dipak; सुरेश Suresh; राजेश Rajesh; बिनोद Binod;
हरि Hari; मनोज Manoj; सन्तोष Santosh; श्याम Shyam; गोपाल Gopal; रमेश Ramesh; दिनेश Dinesh;
बिकास Bikash; प्रकाश Prakash; सञ्जय Sanjay; नबिन Nabin; रबिन Rabin; सुनिल Sunil; अनिल Anil;
कुमार Kumar; भीम Bhim; अर्जुन Arjun; गणेश Ganesh; मोहन Mohan; नारायण Narayan; शिव Shiva;
प्रेम Prem; केशव Keshav; मदन Madan; राजु Raju; सागर Sagar; सुमन Suman; बिक्रम Bikram;
सुदीप Sudip; सन्दीप Sandip; किरण Kiran; रोशन Roshan; पवन Pawan; उमेश Umesh; कमल Kamal;
युवराज Yubaraj; गोविन्द Gobinda; चन्द्र Chandra; भुपेन्द्र Bhupendra; हेम Hem; जगत Jagat;
मिन Min; टंक Tanka; धर्म Dharma; लोकेन्द्र Lokendra; नरेश Naresh; महेश Mahesh;
उत्तम Uttam; बुद्धि Buddhi; देवेन्द्र Debendra; तिलक Tilak; पदम Padam; खड्ग Khadga
"""
NP_FAMILY = """
तामाङ Tamang; गुरुङ Gurung; श्रेष्ठ Shrestha; राई Rai; थापा Thapa; मगर Magar; लामा Lama;
अधिकारी Adhikari; पौडेल Poudel; कार्की Karki; बिश्वकर्मा Bishwakarma; चौधरी Chaudhary;
शर्मा Sharma; भट्टराई Bhattarai; खड्का Khadka; बस्नेत Basnet; भण्डारी Bhandari;
घिमिरे Ghimire; सापकोटा Sapkota; पाण्डे Pandey; ओली Oli; लिम्बु Limbu; शेर्पा Sherpa;
यादव Yadav; ठाकुर Thakur; महर्जन Maharjan; पोखरेल Pokharel; दाहाल Dahal; कोइराला Koirala;
भुसाल Bhusal; सुबेदी Subedi; आचार्य Acharya; खत्री Khatri; राणा Rana; सुनुवार Sunuwar;
नेपाली Nepali; परियार Pariyar; बिष्ट Bista; ढकाल Dhakal; न्यौपाने Neupane; गौतम Gautam;
जोशी Joshi; रेग्मी Regmi; बराल Baral
"""
BD_FEMALE = """
ফাতেমা Fatema; আয়েশা Ayesha; রহিমা Rahima; নাসরিন Nasrin; শাহানা Shahana; মরিয়ম Mariam;
সুমাইয়া Sumaiya; রুবিনা Rubina; শিরিন Shirin; পারভীন Parvin; তানিয়া Tania; মিতু Mitu;
নাসিমা Nasima; সালমা Salma; রোকেয়া Rokeya; জান্নাত Jannat; শারমিন Sharmin; নাজমা Nazma;
রিনা Rina; শাপলা Shapla; মৌসুমী Mousumi; লাইলা Laila; হাসিনা Hasina; রেহানা Rehana;
সাবিনা Sabina; ফারজানা Farzana; সুলতানা Sultana; জেসমিন Jesmin; কুলসুম Kulsum; আমেনা Amena;
হালিমা Halima; জাহানারা Jahanara; মনিরা Monira; পপি Popy; লিপি Lipi; আসমা Asma;
রুমানা Rumana; তাহমিনা Tahmina; সুমি Sumi; রুপা Rupa; রোকসানা Roksana; খাদিজা Khadija;
শিল্পী Shilpi; নাদিয়া Nadia; বিলকিস Bilkis; মারজিয়া Marzia; আফরোজা Afroza; শামীমা Shamima;
রুমা Ruma; মাহমুদা Mahmuda; শাহনাজ Shahnaz; তাসলিমা Taslima; সেলিনা Selina; নূরজাহান Nurjahan;
মাহফুজা Mahfuza; সাথী Sathi; ঝর্ণা Jharna; মুক্তা Mukta; বৃষ্টি Bristi; শাহীন Shahin
"""
BD_MALE = """
রাশেদ Rashed; করিম Karim; জাহিদ Jahid; মাসুদ Masud; সোহেল Sohel; রফিক Rafiq; জসিম Jashim;
আলমগীর Alamgir; হাসান Hasan; শফিক Shafiq; কামাল Kamal; জামাল Jamal; আনোয়ার Anwar;
হাবিব Habib; শহীদ Shahid; মিজানুর Mizanur; আমিনুল Aminul; শহিদুল Shahidul; নজরুল Nazrul;
মামুন Mamun; লিটন Liton; বাবুল Babul; সেলিম Selim; সুমন Sumon; রুবেল Rubel; শামীম Shamim;
জুয়েল Jewel; ফারুক Faruk; হানিফ Hanif; ইকবাল Iqbal; কবির Kabir; মনির Monir; নাসির Nasir;
রাসেল Rasel; সাব্বির Sabbir; তারেক Tarek; জাহাঙ্গীর Jahangir; মোশাররফ Mosharraf; হারুন Harun;
দেলোয়ার Delwar; বেলাল Belal; সাইফুল Saiful; রাকিব Rakib; ইমরান Imran; আরিফ Arif;
মাহবুব Mahbub; শাকিল Shakil; ইউসুফ Yusuf; রিপন Ripon; মিলন Milon; খোকন Khokon; মতিন Motin;
রশিদ Rashid; জাকির Zakir; নুরুল Nurul; আজিজ Aziz; মোস্তফা Mostafa; রহিম Rahim; সাজ্জাদ Sajjad;
তুহিন Tuhin
"""
BD_FAMILY = """
আক্তার Akter; বেগম Begum; খাতুন Khatun; হোসেন Hossain; ইসলাম Islam; রহমান Rahman;
আহমেদ Ahmed; উদ্দিন Uddin; মিয়া Mia; সরকার Sarkar; শেখ Sheikh; চৌধুরী Chowdhury;
তালুকদার Talukder; মোল্লা Mollah; সিকদার Sikder; ভূঁইয়া Bhuiyan; খান Khan; হক Haque;
আলম Alam; আলী Ali; মাহমুদ Mahmud; সিদ্দিকী Siddique; হাওলাদার Howlader; মন্ডল Mondal;
বিশ্বাস Biswas; দাস Das; রায় Roy; পাল Paul; মুন্সী Munshi; প্রামানিক Pramanik; নেসা Nessa;
পারভেজ Parvez; গাজী Gazi; মৃধা Mridha; সরদার Sardar; দেওয়ান Dewan; পাটোয়ারী Patwary;
বেপারী Bepari; কাজী Kazi; মজুমদার Majumder; আকন্দ Akand; ফকির Fakir
"""
MY_FEMALE = """
Nur Aisyah; Siti Aminah; Nurul Izzah; Farah; Aminah; Nor Azizah; Mei Ling; Kavitha;
Siti Khadijah; Nurul Huda; Nur Amalina; Siti Nurhaliza; Nor Hayati; Zarina; Rosnah; Faridah;
Noraini; Hasnah; Salmah; Zaleha; Rohani; Azlina; Suraya; Haslinda; Norlela; Mazlina;
Siew Ling; Hui Min; Li Ying; Pei Shan; Xin Yi; Priya; Devi; Lakshmi; Anitha; Shalini;
Nur Syafiqah; Nurul Ain; Fatin Nabila; Nur Farhana; Aishah; Khadijah; Maziah; Ruzana;
Sharifah; Wan Nor; Zainab; Halimah; Jamilah; Rafidah
"""
MY_MALE = """
Muhammad Faiz; Ahmad Zaki; Hafiz; Zulkifli; Mohd Rizal; Wei Jie; Arjun; Azman; Khairul Anuar;
Muhammad Amirul; Mohd Hafizi; Ahmad Fauzi; Mohd Nazri; Shahrul; Ismail; Rosli; Kamarul;
Azhar; Faizal; Hairul; Roslan; Zainal; Rahman; Syafiq; Aiman; Irfan; Haziq; Danial; Amir;
Wei Ming; Chee Keong; Kok Wai; Jun Hao; Zhi Hao; Kumar; Ravi; Suresh; Ganesan; Rajesh;
Mohd Firdaus; Muhammad Hakim; Ahmad Syahmi; Izzat; Nazmi; Hakimi; Fikri; Azlan; Shafie
"""
MY_FAMILY = """
binti Ahmad; binti Ismail; bin Abdullah; bin Hassan; Tan; Lim; a/p Muthu; binti Yusof; bin Osman;
Wong; bin Ibrahim; binti Ibrahim; bin Ali; binti Ali; bin Mohamad; binti Mohamad; bin Othman;
binti Othman; bin Yaakob; binti Yaakob; bin Abdul Rahman; binti Abdul Rahman; bin Salleh;
binti Salleh; bin Hamid; binti Hamid; Lee; Ng; Chong; Chan; Teo; Goh; Ong; Yap; Ooi;
a/l Subramaniam; a/p Ramasamy; a/l Krishnan; a/p Raju; bin Zakaria; binti Zakaria; bin Jaafar
"""
PH_FEMALE = """
Maria Cristina; Angelica; Rowena; Jonalyn; Mary Grace; Lovely; Joy; Kristine; Analyn;
Rosemarie; Jennylyn; Maricel; Maria Theresa; Rosalie; Marites; Lorna; Gemma; Jocelyn;
Marilou; Evangeline; Cristina; Elena; Liza; Rachelle; Sheryl; Jessa; Jasmine; Princess;
Mary Joy; Kimberly; Camille; Nicole; Precious; Divina; Leonora; Erlinda; Teresita; Norma;
Lourdes; Imelda; Josephine; Myrna; Aileen; Melanie; Catherine; Michelle; Janet; Honeylyn;
Marjorie; Cherry
"""
PH_MALE = """
Jose; Mark Anthony; John Paul; Rodel; Jericho; Arnel; Christian; Ramil; Jun; Ronaldo;
Juan; Eduardo; Roberto; Antonio; Manuel; Ricardo; Fernando; Danilo; Rogelio; Romeo;
Reynaldo; Ernesto; Alfredo; Rolando; Joel; Jayson; Jerome; Michael; Kevin; John Carlo;
Jeffrey; Ariel; Edwin; Marlon; Dennis; Noel; Allan; Rey; Bernardo; Rodrigo; Renato;
Efren; Wilfredo; Nestor; Ruben; Dante; Jomar; Carlo; Paolo
"""
PH_FAMILY = """
Santos; Reyes; Dela Cruz; Bautista; Ocampo; Garcia; Mendoza; Torres; Flores; Villanueva;
Ramos; Aquino; Castillo; Manalo; Gonzales; Lopez; Hernandez; Perez; Rivera; Del Rosario;
Cruz; Francisco; Pascual; Navarro; Salazar; Domingo; Soriano; Aguilar; Marquez; Tolentino;
Mercado; Valdez; Gutierrez; Fernandez; Santiago; Rodriguez; Dizon; Castro; Sison; Panganiban;
Macaraeg; Lacson
"""
ID_FEMALE = """
Siti; Dewi; Sri Wahyuni; Rina; Yuliani; Nur Hasanah; Wulan; Sri Rahayu; Dwi Lestari;
Endang; Sumiati; Suryani; Fitri; Ratna; Indah; Yanti; Lina; Nurul; Rini; Ani; Eka Putri;
Ayu; Putri; Novi; Maya; Diah; Kartini; Tuti; Wati; Susilawati; Mulyani; Nining; Rosita;
Lilis; Evi; Ika; Desi; Riska; Anisa; Puspita; Tri Wahyuni; Ningsih; Sulastri; Murni;
Suharti; Yuni; Fatimah; Aminah; Halimah; Juwita
"""
ID_MALE = """
Budi; Agus; Eko Prasetyo; Slamet; Dedi; Rudi; Joko; Bambang; Hendra; Andi; Ahmad; Dwi;
Wahyu; Yusuf; Arif; Rizki; Fajar; Hadi; Iwan; Sugeng; Teguh; Heru; Bayu; Dian; Irfan;
Ridwan; Rahmat; Sutrisno; Suparman; Supriyadi; Mulyadi; Yanto; Dodi; Hari; Ilham; Imam;
Nur Hidayat; Adi; Taufik; Muhammad Rizal; Dimas; Gilang; Hendro; Aris; Darmawan; Sigit;
Wawan; Edi; Asep; Ujang
"""
ID_FAMILY = """
Lestari; Rahayu; Santoso; Susanto; Wijaya; Hidayat; Setiawan; Saputra; Kurniawan;
Pratama; Nugroho; Gunawan; Hartono; Purnomo; Siregar; Nasution; Simanjuntak; Lubis;
Harahap; Sitompul; Pardede; Wibowo; Putra; Sari; Utami; Handayani; Permana; Firmansyah;
Ramadhan; Hakim; Syahputra; Situmorang; Tambunan; Panjaitan; Manurung; Suharto; Sutanto;
Sulistyo; Prasetyo; Kusuma; Halim; Tanjung
"""
MM_FEMALE = """
Mya Mya; Thandar; Khin Khin; Su Su; Nilar; Hnin Wai; Ei Ei; Moe Moe; Aye Aye; Zin Mar;
Khin Myo; Thida; Sandar; Yadanar; Phyu Phyu; Nwe Nwe; Cho Cho; San San; May Thu;
Wai Wai; Thin Thin; Hla Hla; Ni Ni; Myat Noe; Shwe Sin
"""
MM_MALE = """
Aung Ko; Zaw Min; Kyaw Zin; Min Thu; Htet Aung; Soe Win; Thura; Kyaw Kyaw; Myo Min;
Zaw Zaw; Tun Tun; Aung Aung; Win Naing; Naing Lin; Min Min; Ko Ko; Thant Zin;
Hein Htet; Ye Yint; Pyae Sone; Than Htike; Phyo Wai; Myint Aung; Htun Htun
"""
MM_FAMILY = "Win; Oo; Htun; Aung; Myint; Kyaw; Lwin; Naing; Soe; Maung; Thein; Hlaing; Zaw"
LA_FEMALE = """
Souksavanh; Vilayphone; Keo; Bounmy; Phonesavanh; Manivone; Noy; Khamphone; Vanida;
Somchith; Phetsamone; Malayvanh; Chanthala; Latsamy; Sengdao; Viengkham; Souphaphone
"""
LA_MALE = """
Phonexay; Somphone; Khamla; Bounthanh; Vongsa; Sengphet; Khamphet; Souksakhone; Thongsay;
Bounmee; Somsak; Vilay; Khamsing; Phouvong; Sisavath; Chanthavong
"""
LA_FAMILY = """
Phommachanh; Sisouphanh; Keomany; Vongsavath; Inthavong; Sayavong; Phommavongsa;
Sengdara; Xayavong; Douangmala; Sihalath; Khounvilay; Phetsomphou; Luangrath
"""
VN_FEMALE = """
Thị Lan; Thị Mai; Thị Hoa; Ngọc Anh; Thị Hằng; Thu Trang; Thị Hương; Thị Thu; Thị Nga;
Thị Hạnh; Thị Linh; Thanh Hà; Phương Anh; Thị Huyền; Thị Loan; Thị Nhung; Bích Ngọc;
Thị Thủy; Thị Yến; Minh Châu
"""
VN_MALE = """
Văn Hùng; Văn Nam; Minh Tuấn; Đức Anh; Văn Long; Văn Dũng; Văn Hải; Quang Huy; Văn Thắng;
Văn Cường; Minh Đức; Hoàng Nam; Văn Tùng; Thanh Sơn; Văn Hiếu; Quốc Bảo; Văn Tài
"""
VN_FAMILY = """
Nguyễn; Trần; Lê; Phạm; Hoàng; Võ; Huỳnh; Phan; Vũ; Đặng; Bùi; Đỗ; Hồ; Ngô; Dương; Lý
"""
